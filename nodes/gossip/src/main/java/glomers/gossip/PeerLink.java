package glomers.gossip;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * What this node knows about one peer: the state the peer is known to hold (its watermark,
 * raised by what the peer sends us and by its acknowledgements), what we sent it that is not yet
 * acknowledged, and the acknowledgements we owe it. Gossip to the peer carries only what it
 * lacks and is not already in flight; unacknowledged gossip is resent with doubling backoff and
 * up to a quarter of jitter, so links cut by the same partition do not all resend at once; and a
 * peer that stops acknowledging is probed, not flooded ({@link PeerCircuit}).
 *
 * @param <S> the replicated state
 */
public final class PeerLink<S extends Lattice<S>> {

    private final String peer;
    private long baseRetransmitNanos;
    private long maxRetransmitNanos;
    private final RandomGenerator random;

    private S known;
    private final Map<Long, InFlight<S>> inFlight = new LinkedHashMap<>();
    private S inFlightState;
    private final List<Long> acksOwed = new ArrayList<>();
    private long peerEpoch;
    private long retransmitNanos;
    private long oldestOwedNanos;
    private final PeerCircuit circuit;
    /** When an acknowledgement last closed a circuit that was not closed; never, in calm weather. */
    private long reclosedNanos = Long.MIN_VALUE;
    /**
     * True when the peer answers gossip within a round trip or so (a hub acks on its next fan-out),
     * so its silence is noticed after an adaptive timeout ({@link #promptTimeoutNanos}) rather
     * than the profile's fixed one, which must wait out the ack delay of peers that do not.
     */
    private boolean promptAcks;
    /** Smoothed round trip of acknowledged gossip and its mean deviation (RFC 6298); 0 before a sample. */
    private long srttNanos;
    private long rttvarNanos;

    /** The adaptive timeout's floor: a few round trips of the hub's window and the network's latency. */
    static final long MIN_PROMPT_TIMEOUT_NANOS = 500_000_000L;
    /** Before any round trip is measured (RFC 6298's initial timeout). */
    static final long INITIAL_PROMPT_TIMEOUT_NANOS = 1_000_000_000L;

    /**
     * @param empty  an empty state, the start of the peer's watermark
     * @param random the node's seeded randomness, for the jitter
     */
    public PeerLink(String peer, S empty, long baseRetransmitNanos, long maxRetransmitNanos, RandomGenerator random) {
        this.peer = peer;
        this.baseRetransmitNanos = baseRetransmitNanos;
        this.maxRetransmitNanos = maxRetransmitNanos;
        this.random = random;
        this.retransmitNanos = baseRetransmitNanos;
        this.known = empty.empty();
        this.inFlightState = empty.empty();
        this.circuit = new PeerCircuit(baseRetransmitNanos, random);
    }

    public String peer() {
        return peer;
    }

    /**
     * Whether the peer acknowledges gossip promptly (a hub, on its next fan-out): if so, gossip
     * sent to it from now on and left unacknowledged past srtt + 4 rttvar of its measured round
     * trips (at least {@link #MIN_PROMPT_TIMEOUT_NANOS}, at most the profile's timeout) times out
     * and half-opens its circuit, so a dead relay is noticed in about half a second rather than
     * the profile's 3 s, which must wait out the ack delay of peers that ack with their own gossip.
     */
    public void expectPromptAcks(boolean prompt) {
        promptAcks = prompt;
    }

    /** The first retransmission timeout of gossip sent now: the profile's, or the adaptive one. */
    long promptTimeoutNanos() {
        if (!promptAcks) {
            return baseRetransmitNanos;
        }
        long adaptive = srttNanos == 0 ? INITIAL_PROMPT_TIMEOUT_NANOS : srttNanos + 4 * rttvarNanos;
        return Math.min(baseRetransmitNanos, Math.max(MIN_PROMPT_TIMEOUT_NANOS, adaptive));
    }

    /** New retransmission timeouts, for gossip sent from now on (a replica that changed its period). */
    public void retime(long baseRetransmitNanos, long maxRetransmitNanos) {
        this.baseRetransmitNanos = baseRetransmitNanos;
        this.maxRetransmitNanos = maxRetransmitNanos;
        this.retransmitNanos = baseRetransmitNanos;
        circuit.retime(baseRetransmitNanos);
    }

    /**
     * True when the peer acknowledges what it is sent: its circuit is closed. A replica picks
     * its relays among these.
     */
    public boolean answering() {
        return circuit.isClosed();
    }

    /**
     * True when the circuit closed again after a timeout no longer than {@code nanos} ago: the
     * peer is back from a cut, and what it sends now is what it held back.
     */
    public boolean reclosedWithin(long nanos, long nowNanos) {
        return reclosedNanos != Long.MIN_VALUE && nowNanos - reclosedNanos <= nanos;
    }

    /** True when gossip may go to the peer now (see {@link PeerCircuit}); acks alone always may. */
    public boolean mayGossip() {
        return circuit.allowsGossip();
    }

    PeerCircuit.State circuitState() {
        return circuit.state();
    }

    /** True when the next gossip to the peer is a probe, which it should answer at once. */
    boolean nextGossipIsProbe() {
        return circuit.nextGossipIsProbe();
    }

    /**
     * A message came from the peer. True when this half-opened its circuit, so a probe should go.
     */
    boolean heard() {
        return circuit.onHeard();
    }

    /**
     * Advances the circuit's clock; true when it just half-opened, so a probe should go. When it
     * opens, nothing in flight counts as on its way any more: the next probe carries it.
     */
    boolean probeDue(long nowNanos) {
        boolean wasOpen = circuit.state() == PeerCircuit.State.OPEN;
        boolean probe = circuit.poll(nowNanos);
        if (!wasOpen && circuit.state() == PeerCircuit.State.OPEN) {
            inFlight.clear();
            inFlightState = known.empty();
        }
        return probe;
    }

    /** What the peer is known to hold. */
    public S known() {
        return known;
    }

    /** Of {@code wanted}, what the peer neither holds nor has in flight to it. */
    public S missing(S wanted) {
        S delta = wanted.minus(known);
        delta.forget(inFlightState);
        return delta;
    }

    /** Records gossip {@code seq} carrying {@code delta} as sent now. */
    public void sent(long seq, S delta, long nowNanos) {
        if (!delta.isEmpty()) {
            circuit.onGossipSent(nowNanos);
            // Drawn as before the adaptive timeout, then scaled: the node's random stream, and so
            // every run without a dead peer, stays what it was.
            long jitter = random.nextLong(retransmitNanos / 4 + 1);
            long timeout = retransmitNanos;
            if (retransmitNanos == baseRetransmitNanos && promptAcks) {
                timeout = promptTimeoutNanos();
                jitter = jitter * timeout / retransmitNanos;
            }
            inFlight.put(seq, new InFlight<>(delta, nowNanos, nowNanos + timeout + jitter));
            inFlightState.merge(delta);
        }
    }

    /** The peer holds this (it sent it to us, or told us so). */
    public void peerHolds(S state) {
        known.merge(state);
    }

    /** The peer acknowledged gossip {@code seq}. */
    public void acknowledged(long seq, long nowNanos) {
        InFlight<S> acked = inFlight.remove(seq);
        retransmitNanos = baseRetransmitNanos;
        if (!circuit.isClosed()) {
            reclosedNanos = nowNanos;
        }
        circuit.onAcknowledged();
        if (acked != null) {
            known.merge(acked.delta);
            inFlightState.forget(acked.delta);
            sampleRoundTrip(nowNanos - acked.sentNanos);
        }
    }

    /** RFC 6298's estimator; each sequence number is sent once, so every sample is unambiguous. */
    private void sampleRoundTrip(long rttNanos) {
        if (srttNanos == 0) {
            srttNanos = Math.max(1, rttNanos);
            rttvarNanos = rttNanos / 2;
        } else {
            rttvarNanos += (Math.abs(srttNanos - rttNanos) - rttvarNanos) / 4;
            srttNanos = Math.max(1, srttNanos + (rttNanos - srttNanos) / 8);
        }
    }

    /**
     * Takes back every in-flight delta whose gossip has waited past its retransmission deadline,
     * so what the peer still lacks is sent again in one new message; doubles the timeout until an
     * ack comes. An expiry is a timeout for the circuit, which makes the next gossip a probe. True
     * if any of it is still not known to be held by the peer.
     */
    public boolean takeExpired(long nowNanos) {
        S expired = known.empty();
        Iterator<InFlight<S>> it = inFlight.values().iterator();
        while (it.hasNext()) {
            InFlight<S> each = it.next();
            if (nowNanos >= each.dueNanos) {
                expired.merge(each.delta);
                it.remove();
                circuit.onTimeout();
            }
        }
        if (expired.isEmpty()) {
            return false;
        }
        inFlightState.forget(expired);
        retransmitNanos = Math.min(maxRetransmitNanos, retransmitNanos * 2);
        expired.forget(known);
        return !expired.isEmpty();
    }

    /**
     * Past this many acknowledgements owed to one peer (it sends faster than acks ride back), more
     * are not kept: the peer retransmits what it hears no ack for, and its state is merged anyway.
     */
    static final int MAX_ACKS_OWED = 4096;

    /** Owes the peer an ack for {@code seq}; false when {@link #MAX_ACKS_OWED} are owed already. */
    public boolean owe(long seq, long nowNanos) {
        if (acksOwed.size() >= MAX_ACKS_OWED) {
            return false;
        }
        if (acksOwed.isEmpty()) {
            oldestOwedNanos = nowNanos;
        }
        acksOwed.add(seq);
        return true;
    }

    /** When the oldest acknowledgement still owed was incurred. */
    public long oldestOwedNanos() {
        return oldestOwedNanos;
    }

    public boolean owesAcks() {
        return !acksOwed.isEmpty();
    }

    /** The acknowledgements to piggyback on the next message to the peer; clears them. */
    public List<Long> takeAcks() {
        List<Long> acks = new ArrayList<>(acksOwed);
        acksOwed.clear();
        return acks;
    }

    /**
     * Notes the peer's boot epoch. A changed epoch means the peer restarted with empty state, so
     * everything we believed it held is forgotten and will be sent again.
     */
    public boolean epochChanged(long epoch) {
        if (epoch == peerEpoch) {
            return false;
        }
        boolean restarted = peerEpoch != 0;
        peerEpoch = epoch;
        if (restarted) {
            known = known.empty();
            inFlight.clear();
            inFlightState = known.empty();
            acksOwed.clear();
            retransmitNanos = baseRetransmitNanos;
            circuit.reset();
        }
        return restarted;
    }

    /** Collapses the watermark: once a peer holds 0..n of a set, it costs a few bytes. */
    public void compact() {
        known.compact();
    }

    private record InFlight<S>(S delta, long sentNanos, long dueNanos) {
    }
}
