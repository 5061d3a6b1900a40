package glomers.counter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Bodies;
import glomers.core.Env;
import glomers.core.ErrorCode;
import glomers.core.Handlers;
import glomers.core.NodeLogic;
import glomers.core.Request;
import glomers.core.RpcError;
import glomers.gossip.GossipLinks;
import glomers.gossip.PeerLink;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Challenge 4 and Maelstrom's pn-counter as a delta CRDT ({@link CounterState}). An add changes
 * this node's own entry and is acknowledged at once; a read is answered from local state at once.
 *
 * <p>Gossip runs on a wall-clock grid of {@link CounterSettings#gossipNanos}, so that messages
 * meet: each carries the acknowledgements for the peer's previous one. Each message carries the
 * entries the peer is not known to hold and that are not in flight to it; nothing goes while
 * nothing changed. In the hub overlay (the default) each node sends, at the start of a period, to
 * its relay: the lowest-id peer below it whose gossip is being acknowledged. A node with no such
 * peer is a hub and sends to every peer half a period later, once the others' deltas are in.
 * Normally the first node id is the one hub: 2(n - 1) messages a period. A relay that leaves
 * gossip unacknowledged for three periods is passed over, so a partition makes the lowest node
 * on each side a hub of its own, and the original hub takes over again once it answers. In the mesh
 * overlay every node sends to every peer each period: n(n - 1) messages, one hop. Links,
 * acknowledgements, retransmission with backoff and jitter, and restart epochs are
 * {@link GossipLinks}, the same as broadcast's. An owed acknowledgement waits one and a half
 * periods for a message to ride on; unacknowledged gossip is resent after three periods,
 * doubling to four periods plus a second (well inside Maelstrom's 10 s wait before the final
 * reads). No digests: every link delivers whole entries until acknowledged, and a restarted node
 * re-learns everything at start, which leaves nothing for anti-entropy to find.
 *
 * <p>Restart safety: each start counts under a fresh entry (its boot epoch), so peers' copies of
 * an earlier start's entry never hide new adds, and the node answers no read before every peer
 * has sent it its whole state (or {@link CounterSettings#syncWaitNanos}, 1 s, has passed), so a read
 * after a restart never goes below what a peer that stayed up had read before it. Adds that only
 * the crashed start held are gone: there is no durable storage, and Maelstrom never restarts a
 * node.
 */
final class CrdtCounterNode implements NodeLogic {

    /** Reads waiting for the start-up sync beyond this are refused (error 11) rather than kept. */
    private static final int MAX_WAITING_READS = 10_000;

    private final CounterKind kind;
    private Env env;
    private CounterSettings settings;
    private final CounterState state = new CounterState();
    private GossipLinks<CounterState> links;
    private CounterState.Entry own;
    /** Where this node's gossip went last period: its relay, or null when it was a hub. */
    private PeerLink<CounterState> relay;
    /** Relays passed over for leaving gossip unacknowledged, until an acknowledgement comes. */
    private final Set<PeerLink<CounterState>> quiet = new HashSet<>();
    private boolean synced;
    private final ArrayDeque<Request> waitingReads = new ArrayDeque<>();

    CrdtCounterNode(CounterKind kind) {
        this.kind = kind;
    }

    @Override
    public void onInit(Env env, Handlers handlers) throws RpcError {
        this.env = env;
        this.settings = CounterSettings.fromArgs(env.args());
        long gossip = settings.gossipNanos();
        links = new GossipLinks<>(env, handlers, state, new Codec(), new Owner(),
                new GossipLinks.Timing(gossip * 3 / 2, 3 * gossip, 4 * gossip + 1_000_000_000L, 0));
        own = new CounterState.Entry(env.nodeId(), links.epoch());
        // Objects rather than lambdas before init_ok: each first invokedynamic costs startup time.
        handlers.on("add", new Route(Route.ADD)).on("read", new Route(Route.READ));
        if (!links.links().isEmpty()) {
            long period = TimeUnit.NANOSECONDS.toMillis(gossip);
            env.after(untilPhase(0, period), new Route(Route.START_GOSSIP));
            if (settings.hubOverlay()) {
                relay = relay();
                env.after(untilPhase(period / 2, period), new Route(Route.START_FAN_OUT));
            }
            env.after(settings.syncWaitNanos(), new Route(Route.SYNC_DEADLINE));
        }
        links.syncWithAll(new Route(Route.SYNCED));
    }

    /** One handler or timer task registered at init. */
    private final class Route implements Handlers.Handler, Runnable {
        static final int ADD = 0;
        static final int READ = 1;
        static final int START_GOSSIP = 2;
        static final int GOSSIP = 3;
        static final int START_FAN_OUT = 4;
        static final int FAN_OUT = 5;
        static final int SYNCED = 6;
        static final int SYNC_DEADLINE = 7;

        private final int what;

        Route(int what) {
            this.what = what;
        }

        @Override
        public void handle(Request request) throws RpcError {
            switch (what) {
                case ADD -> onAdd(request);
                case READ -> onRead(request);
                default -> throw new IllegalStateException("not a handler: " + what);
            }
        }

        @Override
        public void run() {
            switch (what) {
                case START_GOSSIP -> {
                    gossip();
                    env.every(settings.gossipNanos(), new Route(GOSSIP));
                }
                case GOSSIP -> gossip();
                case START_FAN_OUT -> {
                    fanOut();
                    env.every(settings.gossipNanos(), new Route(FAN_OUT));
                }
                case FAN_OUT -> fanOut();
                case SYNCED -> onSynced("every peer answered");
                case SYNC_DEADLINE -> onSynced("the sync wait ran out");
                default -> throw new IllegalStateException("not a timer task: " + what);
            }
        }
    }

    private void onAdd(Request request) throws RpcError {
        JsonNode delta = request.body().get("delta");
        if (delta == null || !delta.isIntegralNumber() || !delta.canConvertToLong()) {
            throw new RpcError(ErrorCode.MALFORMED_REQUEST, "add needs an integer delta, got " + delta);
        }
        long d = delta.longValue();
        if (d < 0 && !kind.allowsDecrements()) {
            throw new RpcError(ErrorCode.MALFORMED_REQUEST, "a g-counter only grows; delta " + d + " refused");
        }
        state.add(own, d);
        request.reply("add_ok");
    }

    private void onRead(Request request) throws RpcError {
        if (synced) {
            replyValue(request);
        } else if (waitingReads.size() < MAX_WAITING_READS) {
            waitingReads.add(request);
        } else {
            throw new RpcError(ErrorCode.TEMPORARILY_UNAVAILABLE, "still re-learning the counter from peers");
        }
    }

    private void replyValue(Request request) {
        ObjectNode reply = Bodies.of("read_ok");
        reply.put("value", state.value());
        request.reply(reply);
    }

    private void onSynced(String why) {
        if (synced) {
            return;
        }
        synced = true;
        env.log().info("serving reads: " + why + "; " + waitingReads.size() + " waited");
        while (!waitingReads.isEmpty()) {
            replyValue(waitingReads.poll());
        }
    }

    /** Nanoseconds from now to the next instant {@code phaseMs} into a period of the wall-clock grid. */
    private long untilPhase(long phaseMs, long periodMs) {
        long delayMs = Math.floorMod(phaseMs - env.epochMillis(), periodMs);
        return TimeUnit.MILLISECONDS.toNanos(delayMs == 0 ? periodMs : delayMs);
    }

    /** The start of a period: to the relay (hub overlay) or to every peer (mesh). */
    private void gossip() {
        if (!settings.hubOverlay()) {
            for (PeerLink<CounterState> link : links.links()) {
                sendIfMissing(link);
            }
            return;
        }
        PeerLink<CounterState> next = relay();
        if (next != relay) {
            env.log().info(next == null ? "no relay answering below this node: acting as a hub"
                    : "gossiping through ".concat(next.peer()));
            relay = next;
        }
        if (relay != null) {
            sendIfMissing(relay);
        }
    }

    /** Half a period later, a hub sends everyone what they lack. */
    private void fanOut() {
        if (relay == null) {
            for (PeerLink<CounterState> link : links.links()) {
                sendIfMissing(link);
            }
        }
    }

    /** The lowest-id peer below this node whose gossip is acknowledged in time; null when none. */
    private PeerLink<CounterState> relay() {
        for (PeerLink<CounterState> link : links.links()) {
            if (link.peer().compareTo(env.nodeId()) > 0) {
                return null;
            }
            if (link.silentFor(quietNanos(), env.nowNanos())) {
                quiet.add(link);
            }
            if (!quiet.contains(link)) {
                return link;
            }
        }
        return null;
    }

    private long quietNanos() {
        return 3 * settings.gossipNanos();
    }

    private void sendIfMissing(PeerLink<CounterState> link) {
        CounterState delta = link.missing(state);
        if (!delta.isEmpty()) {
            links.send(link, delta);
        }
    }

    /** What the links need of the counter. */
    private final class Owner implements GossipLinks.Owner<CounterState> {
        @Override
        public CounterState state() {
            return state;
        }

        @Override
        public GossipLinks.Digest digest() {
            return state.digest();
        }

        @Override
        public void onDelta(PeerLink<CounterState> from, CounterState delta) {
            state.merge(delta);
        }

        @Override
        public void flushTo(PeerLink<CounterState> peer) {
            links.sendMissing(peer, state);
        }

        @Override
        public void onHeard(PeerLink<CounterState> peer) {
            if (!quiet.isEmpty() && !peer.silentFor(quietNanos(), env.nowNanos())) {
                quiet.remove(peer);
            }
        }
    }

    private static final class Codec implements GossipLinks.Codec<CounterState> {
        @Override
        public JsonNode encode(CounterState delta) {
            return delta.toJson();
        }

        @Override
        public CounterState decode(JsonNode json) {
            return CounterState.fromJson(json);
        }
    }
}
