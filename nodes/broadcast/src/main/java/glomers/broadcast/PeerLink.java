package glomers.broadcast;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What this node knows about one peer: the values the peer is known to hold (its watermark,
 * raised by what the peer sends us and by its acknowledgements), what we sent it that is not yet
 * acknowledged, and the acknowledgements we owe it. Gossip to the peer carries only what it
 * lacks and is not already in flight; unacknowledged gossip is resent with backoff.
 */
final class PeerLink {

    private final String peer;
    private final long baseRetransmitNanos;
    private final long maxRetransmitNanos;

    private ValueSet known = new ValueSet();
    private final Map<Long, InFlight> inFlight = new LinkedHashMap<>();
    private final ValueSet inFlightValues = new ValueSet();
    private final List<Long> acksOwed = new ArrayList<>();
    private long peerEpoch;
    private long retransmitNanos;
    private long lastAckNanos;
    private long oldestOwedNanos;

    PeerLink(String peer, long baseRetransmitNanos, long maxRetransmitNanos) {
        this.peer = peer;
        this.baseRetransmitNanos = baseRetransmitNanos;
        this.maxRetransmitNanos = maxRetransmitNanos;
        this.retransmitNanos = baseRetransmitNanos;
    }

    String peer() {
        return peer;
    }

    /** What the peer is known to hold. */
    ValueSet known() {
        return known;
    }

    /** Of {@code wanted}, what the peer neither holds nor has in flight to it. */
    ValueSet missing(ValueSet wanted) {
        ValueSet delta = wanted.minus(known);
        delta.removeAll(inFlightValues);
        return delta;
    }

    /** Records gossip {@code seq} carrying {@code values} as sent now. */
    void sent(long seq, ValueSet values, long nowNanos) {
        if (!values.isEmpty()) {
            inFlight.put(seq, new InFlight(values, nowNanos));
            inFlightValues.addAll(values);
        }
    }

    /** The peer holds these values (it sent them to us, or told us so). */
    void peerHolds(ValueSet values) {
        known.addAll(values);
    }

    /** The peer acknowledged gossip {@code seq}. */
    void acknowledged(long seq, long nowNanos) {
        InFlight acked = inFlight.remove(seq);
        lastAckNanos = nowNanos;
        retransmitNanos = baseRetransmitNanos;
        if (acked != null) {
            known.addAll(acked.values);
            inFlightValues.removeAll(acked.values);
        }
    }

    /**
     * Takes back every in-flight value whose gossip has waited longer than the retransmission
     * timeout, so it is sent again in one new message; doubles the timeout until an ack comes.
     */
    ValueSet takeExpired(long nowNanos) {
        ValueSet expired = new ValueSet();
        Iterator<InFlight> it = inFlight.values().iterator();
        while (it.hasNext()) {
            InFlight each = it.next();
            if (nowNanos - each.sentNanos >= retransmitNanos) {
                expired.addAll(each.values);
                it.remove();
            }
        }
        if (!expired.isEmpty()) {
            inFlightValues.removeAll(expired);
            expired.removeAll(known);
            retransmitNanos = Math.min(maxRetransmitNanos, retransmitNanos * 2);
        }
        return expired;
    }

    /** True when gossip has waited unacknowledged for longer than {@code nanos}. */
    boolean silentFor(long nanos, long nowNanos) {
        for (InFlight each : inFlight.values()) {
            if (nowNanos - each.sentNanos >= nanos && lastAckNanos <= each.sentNanos) {
                return true;
            }
        }
        return false;
    }

    void owe(long seq, long nowNanos) {
        if (acksOwed.isEmpty()) {
            oldestOwedNanos = nowNanos;
        }
        acksOwed.add(seq);
    }

    /** When the oldest acknowledgement still owed was incurred. */
    long oldestOwedNanos() {
        return oldestOwedNanos;
    }

    boolean owesAcks() {
        return !acksOwed.isEmpty();
    }

    /** The acknowledgements to piggyback on the next message to the peer; clears them. */
    List<Long> takeAcks() {
        List<Long> acks = new ArrayList<>(acksOwed);
        acksOwed.clear();
        return acks;
    }

    /**
     * Notes the peer's boot epoch. A changed epoch means the peer restarted with empty state, so
     * everything we believed it held is forgotten and will be sent again.
     */
    boolean epochChanged(long epoch) {
        if (epoch == peerEpoch) {
            return false;
        }
        boolean restarted = peerEpoch != 0;
        peerEpoch = epoch;
        if (restarted) {
            known = new ValueSet();
            inFlight.clear();
            inFlightValues.clear();
            acksOwed.clear();
            retransmitNanos = baseRetransmitNanos;
        }
        return restarted;
    }

    /** The peer is known to hold exactly {@code everything}, e.g. after equal digests. */
    void peerHoldsAll(ValueSet everything) {
        known.addAll(everything);
        known.compact();
    }

    /** Collapses the watermark into runs: once a peer holds 0..n, it costs a few bytes. */
    void compact() {
        known.compact();
    }

    private record InFlight(ValueSet values, long sentNanos) {
    }
}
