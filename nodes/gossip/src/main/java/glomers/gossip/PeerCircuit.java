package glomers.gossip;

import java.util.random.RandomGenerator;

/**
 * Whether gossip may go to one peer: a circuit breaker, so that a peer cut off by a partition is
 * probed, not flooded.
 *
 * <ul>
 *   <li>Closed: gossip goes freely. A gossip message left unacknowledged past its retransmission
 *       deadline half-opens it.
 *   <li>Half-open: one gossip message may go, the probe (the retransmission, say), which the
 *       peer answers at once. Its acknowledgement closes the circuit; no answer within the
 *       probe timeout (a second timeout in a row) opens it.
 *   <li>Open: no gossip goes for the open period, which doubles each time the circuit opens
 *       again without having closed ({@link #FIRST_OPEN_NANOS} to {@link #MAX_OPEN_NANOS}, plus up
 *       to a quarter of jitter, so the links a partition cut do not all probe at once). When it
 *       ends, or at once when the peer is heard from, the circuit half-opens.
 * </ul>
 *
 * <p>Any acknowledgement closes the circuit, whatever its state: it proves the round trip.
 * Acknowledgements alone are never held back: they answer what the peer sent, so the peer sets
 * their pace. The maximum open period bounds how long a healed link stays idle: with the probe's
 * timeout, under 6 s, well inside Maelstrom's 10 s wait before the final reads.
 */
final class PeerCircuit {

    enum State { CLOSED, OPEN, HALF_OPEN }

    static final long FIRST_OPEN_NANOS = 3_000_000_000L;
    static final long MAX_OPEN_NANOS = 4_000_000_000L;
    /** A probe is answered at once, so it needs no more than a round trip; longer links retime it down. */
    static final long MAX_PROBE_TIMEOUT_NANOS = 1_000_000_000L;

    private final RandomGenerator random;
    private long probeTimeoutNanos;
    private State state = State.CLOSED;
    private long openNanos = FIRST_OPEN_NANOS;
    private long openUntilNanos;
    /** When the probe went, in the half-open state; -1 while none is out. */
    private long probeSentNanos = -1;

    /**
     * @param retransmitNanos the link's first retransmission timeout: a probe waits no longer
     * @param random          the node's seeded randomness, for the jitter
     */
    PeerCircuit(long retransmitNanos, RandomGenerator random) {
        this.random = random;
        retime(retransmitNanos);
    }

    void retime(long retransmitNanos) {
        probeTimeoutNanos = Math.min(MAX_PROBE_TIMEOUT_NANOS, retransmitNanos);
    }

    State state() {
        return state;
    }

    boolean isClosed() {
        return state == State.CLOSED;
    }

    /** True when a gossip message may go now: the circuit is closed, or half-open with no probe out. */
    boolean allowsGossip() {
        return state == State.CLOSED || state == State.HALF_OPEN && probeSentNanos < 0;
    }

    /** True when the next gossip message is a probe, which the peer should answer at once. */
    boolean nextGossipIsProbe() {
        return state == State.HALF_OPEN;
    }

    /** A gossip message went (only when {@link #allowsGossip} said it may). */
    void onGossipSent(long nowNanos) {
        if (state == State.HALF_OPEN) {
            probeSentNanos = nowNanos;
        }
    }

    /** The peer acknowledged gossip: it is reachable both ways. */
    void onAcknowledged() {
        state = State.CLOSED;
        openNanos = FIRST_OPEN_NANOS;
        probeSentNanos = -1;
    }

    /** A gossip message went unacknowledged past its retransmission deadline: the next is a probe. */
    void onTimeout() {
        if (state == State.CLOSED) {
            state = State.HALF_OPEN;
            probeSentNanos = -1;
        }
    }

    /**
     * Advances the clock: an unanswered probe opens the circuit (for longer each time), an open
     * period that has ended half-opens it. True when it just half-opened from open, which is
     * when to send the probe.
     */
    boolean poll(long nowNanos) {
        if (state == State.HALF_OPEN && probeSentNanos >= 0 && nowNanos - probeSentNanos >= probeTimeoutNanos) {
            open(nowNanos);
            return false;
        }
        if (state == State.OPEN && nowNanos >= openUntilNanos) {
            state = State.HALF_OPEN;
            return true;
        }
        return false;
    }

    /**
     * A message came from the peer, so it may be back: an open circuit half-opens at once. True
     * when it did, which is when to send the probe.
     */
    boolean onHeard() {
        if (state != State.OPEN) {
            return false;
        }
        state = State.HALF_OPEN;
        return true;
    }

    /** The peer restarted: what it did before says nothing about it now. */
    void reset() {
        onAcknowledged();
    }

    private void open(long nowNanos) {
        state = State.OPEN;
        probeSentNanos = -1;
        openUntilNanos = nowNanos + openNanos + random.nextLong(openNanos / 4 + 1);
        openNanos = Math.min(MAX_OPEN_NANOS, openNanos * 2);
    }
}
