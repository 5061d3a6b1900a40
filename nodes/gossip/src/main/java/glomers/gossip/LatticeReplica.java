package glomers.gossip;

import glomers.core.Env;
import glomers.core.Handlers;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Lattice} state replicated to every node in periodic batches, for state that only
 * needs to converge (a counter's entries, a last-writer-wins store), not to arrive as fast as
 * possible.
 *
 * <p>Gossip runs on a wall-clock grid of {@code periodNanos}, so that messages meet: each carries
 * the acknowledgements for the peer's previous one. A message carries the part of the state the
 * peer is not known to hold and that is not in flight to it; nothing goes while nothing changed.
 * State learned from other nodes goes along too, which routes around one-way cuts at no extra
 * message.
 *
 * <p>Hub overlay: each node sends, at the start of a period, to its <em>relay</em>: the lowest-id
 * peer below it whose circuit is not open ({@link PeerCircuit}). A node with no such peer is a
 * hub and sends to every peer half a period later, once the others' deltas are in. Normally the
 * first node id is the one hub: 2(n - 1) messages a period. A relay whose circuit opens (two
 * gossip messages unacknowledged past their deadlines: about four periods) is passed over until
 * a probe is answered, so a partition makes the lowest node on each side a hub of its own, and
 * the open circuits hold back the gossip the cut would drop. Mesh overlay: every node sends to
 * every peer each period, n(n - 1) messages, one hop less.
 *
 * <p>Links, acknowledgements, retransmission and restart epochs are {@link GossipLinks}: an owed
 * acknowledgement waits one and a half periods for a message to ride on; unacknowledged gossip
 * counts as missing again after three periods, doubling to four periods plus a second (well
 * inside Maelstrom's 10 s wait before final reads), and goes with the next period's message, so a
 * partition costs no more messages than calm weather. No digests: every link delivers its deltas until acknowledged, and a
 * node that must re-learn the state at start asks for it ({@link #syncWithAll}), which leaves
 * nothing for anti-entropy to find.
 *
 * @param <S> the replicated state
 */
public final class LatticeReplica<S extends Lattice<S>> {

    /** Told of state arriving from peers, before it is merged into the local state. */
    public interface Listener<S> {
        void beforeMerge(S delta);
    }

    private final Env env;
    private final S state;
    private final Listener<S> listener;
    private long periodNanos;
    private final long maxPeriodNanos;
    private final boolean hubOverlay;
    private boolean ticking;
    private final GossipLinks<S> links;
    /** Where this node's gossip went last period: its relay, or null when it was a hub. */
    private PeerLink<S> relay;

    /** Nothing to be told: for state whose merge is the whole of it. */
    private static final class Silent<S> implements Listener<S> {
        @Override
        public void beforeMerge(S delta) {
        }
    }

    /** A replica with a fixed period and no listener. */
    public LatticeReplica(Env env, Handlers handlers, S state, GossipLinks.Codec<S> codec, long periodNanos,
                          boolean hubOverlay) {
        this(env, handlers, state, codec, new Silent<>(), periodNanos, periodNanos, hubOverlay);
    }

    /**
     * Joins the replication of {@code state}, which this class merges peers' deltas into and
     * reads from; the owner changes it only on the node's loop. Call from {@code onInit}.
     *
     * <p>With {@code maxPeriodNanos} above {@code periodNanos} the period follows the network:
     * the replica first asks every peer for its state ({@link GossipLinks#syncWithAll}) and
     * doubles the period until it is at least four of the fastest answer's round trips (at most
     * {@code maxPeriodNanos}; after {@value #ADAPT_WAIT_MS} ms without every answer, from those it
     * has). Maelstrom delivers a node's messages from one queue, sleeping until the head is due,
     * so each peer message holds up the client requests behind it for the network's latency; at
     * a period of four round trips, eight latencies, that is an eighth of the time at most.
     */
    public LatticeReplica(Env env, Handlers handlers, S state, GossipLinks.Codec<S> codec, Listener<S> listener,
                          long periodNanos, long maxPeriodNanos, boolean hubOverlay) {
        this.env = env;
        this.state = state;
        this.listener = listener;
        this.periodNanos = periodNanos;
        this.maxPeriodNanos = Math.max(periodNanos, maxPeriodNanos);
        this.hubOverlay = hubOverlay;
        this.links = new GossipLinks<>(env, handlers, state, codec, new Owner(), timing(periodNanos));
        if (links.links().isEmpty()) {
            return;
        }
        if (this.maxPeriodNanos > periodNanos) {
            Start start = new Start();
            links.syncWithAll(start);
            env.after(TimeUnit.MILLISECONDS.toNanos(ADAPT_WAIT_MS), start);
        } else {
            startTicks();
        }
    }

    private static final long ADAPT_WAIT_MS = 1000;

    private static GossipLinks.Timing timing(long periodNanos) {
        return new GossipLinks.Timing(periodNanos * 3 / 2, 3 * periodNanos, 4 * periodNanos + 1_000_000_000L, 0);
    }

    /** Picks the period from the round trips measured so far and starts gossiping; runs once. */
    private final class Start implements Runnable {
        @Override
        public void run() {
            if (!ticking) {
                adaptPeriod();
                env.log().info("gossip-period", "gossip period ".concat(Long.toString(TimeUnit.NANOSECONDS.toMillis(periodNanos)))
                        .concat(" ms (sync round trip ")
                        .concat(Long.toString(TimeUnit.NANOSECONDS.toMillis(links.syncRoundTripNanos())))
                        .concat(" ms)"));
                startTicks();
            }
        }
    }

    /**
     * Lengthens the period to four sync round trips (the fastest measured so far: a peer still
     * starting up answers late, the network does not), doubling, up to the maximum; never
     * shortens it. A fixed replica has nothing to adapt.
     */
    private void adaptPeriod() {
        long chosen = periodNanos;
        while (chosen < 4 * links.syncRoundTripNanos() && chosen * 2 <= maxPeriodNanos) {
            chosen *= 2;
        }
        if (chosen != periodNanos) {
            periodNanos = chosen;
            links.retime(timing(chosen));
            if (ticking) {
                env.log().info("gossip-period", "gossip period now ".concat(Long.toString(TimeUnit.NANOSECONDS.toMillis(chosen)))
                        .concat(" ms"));
            }
        }
    }

    private void startTicks() {
        ticking = true;
        long periodMs = TimeUnit.NANOSECONDS.toMillis(periodNanos);
        env.after(untilPhase(0, periodMs), new Tick(true));
        if (hubOverlay) {
            relay = relay();
            env.after(untilPhase(periodMs / 2, periodMs), new Tick(false));
        }
    }

    /** This start's boot epoch: random, never 0; tells one start of a node from the next. */
    public long epoch() {
        return links.epoch();
    }

    /** True when the node has peers to replicate to. */
    public boolean hasPeers() {
        return !links.links().isEmpty();
    }

    /**
     * Asks every peer for its whole state; {@code done} runs once all have answered (see
     * GossipLinks). An adaptive replica already does so at start.
     */
    public void syncWithAll(Runnable done) {
        links.syncWithAll(done);
    }

    /** Nanoseconds from now to the next instant {@code phaseMs} into a period of the wall-clock grid. */
    private long untilPhase(long phaseMs, long periodMs) {
        long delayMs = Math.floorMod(phaseMs - env.epochMillis(), periodMs);
        return TimeUnit.MILLISECONDS.toNanos(delayMs == 0 ? periodMs : delayMs);
    }

    /** The start of a period (to the relay, or to everyone in the mesh) or its middle (a hub's fan-out). */
    private final class Tick implements Runnable {
        private final boolean start;

        Tick(boolean start) {
            this.start = start;
        }

        @Override
        public void run() {
            if (start) {
                adaptPeriod();
            }
            // Each tick sets up the next on the grid of the current period, so a longer period
            // chosen later (a sync answered after a heal) takes effect at once.
            long periodMs = TimeUnit.NANOSECONDS.toMillis(periodNanos);
            env.after(untilPhase(start ? 0 : periodMs / 2, periodMs), this);
            if (start) {
                gossip();
            } else if (relay == null) {
                sendToAll();
            }
        }
    }

    private void gossip() {
        if (!hubOverlay) {
            sendToAll();
            return;
        }
        PeerLink<S> next = relay();
        if (next != relay) {
            env.log().info("relay", next == null ? "no relay answering below this node: acting as a hub"
                    : "gossiping through ".concat(next.peer()));
            relay = next;
        }
        if (relay != null) {
            sendIfMissing(relay);
        }
    }

    private void sendToAll() {
        for (PeerLink<S> link : links.links()) {
            sendIfMissing(link);
        }
    }

    private void sendIfMissing(PeerLink<S> link) {
        S delta = link.missing(state);
        if (!delta.isEmpty()) {
            links.send(link, delta);
        }
    }

    /** The lowest-id peer below this node whose circuit is not open; null when none. */
    private PeerLink<S> relay() {
        for (PeerLink<S> link : links.links()) {
            if (link.peer().compareTo(env.nodeId()) > 0) {
                return null;
            }
            if (link.circuitState() != PeerCircuit.State.OPEN) {
                return link;
            }
        }
        return null;
    }

    /** What the links need of the replica. */
    private final class Owner implements GossipLinks.Owner<S> {
        @Override
        public S state() {
            return state;
        }

        @Override
        public void onDelta(PeerLink<S> from, S delta) {
            listener.beforeMerge(delta);
            state.merge(delta);
        }

        @Override
        public void flushTo(PeerLink<S> peer) {
            links.sendMissing(peer, state);
        }

        /**
         * Nothing at once: the next period's message carries what is missing again. Resending on
         * every expiry would double the messages to a peer for as long as a partition cuts it off.
         */
        @Override
        public void onRetransmitDue(PeerLink<S> peer) {
        }
    }
}
