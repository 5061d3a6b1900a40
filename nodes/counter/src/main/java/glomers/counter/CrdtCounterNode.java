package glomers.counter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Bodies;
import glomers.core.Env;
import glomers.core.ErrorCode;
import glomers.core.GroupCommit;
import glomers.core.Handlers;
import glomers.core.NodeLogic;
import glomers.core.Request;
import glomers.core.RpcError;
import glomers.gossip.GossipLinks;
import glomers.gossip.LatticeReplica;
import java.io.IOException;
import java.util.ArrayDeque;

/**
 * Challenge 4 and Maelstrom's pn-counter as a delta CRDT ({@link CounterState}). An add changes
 * this node's own entry and is acknowledged at once; a read is answered from local state at once.
 * The state is a {@link LatticeReplica}: batched once a {@link CounterSettings#gossipNanos}
 * period, through a hub by default ({@link CounterSettings#hubOverlay}), on broadcast's links.
 *
 * <p>Restart safety: each start counts under a fresh entry (its boot epoch), so peers' copies of
 * an earlier start's entry never hide new adds, and the node answers no read before every peer
 * has sent it its whole state (or {@link CounterSettings#syncWaitNanos}, 1 s, has passed), so a read
 * after a restart never goes below what a peer that stayed up had read before it. Without a data
 * directory, adds that only the crashed start held are gone (Maelstrom never restarts a node).
 * With {@code data=DIR} an add joins the state only once its entry's new totals are on disk
 * ({@link DurableEntry}, one write per batch of adds), then is acknowledged; a restarted node
 * keeps its entry from disk, so no acknowledged add is lost.
 */
final class CrdtCounterNode implements NodeLogic {

    /** Reads waiting for the start-up sync beyond this are refused (error 11) rather than kept. */
    private static final int MAX_WAITING_READS = 10_000;

    private final CounterKind kind;
    private Env env;
    private final CounterState state = new CounterState();
    private CounterState.Entry own;
    private boolean synced;
    private final ArrayDeque<Request> waitingReads = new ArrayDeque<>();
    /** Null without a data directory. */
    private DurableEntry disk;
    private GroupCommit commit;
    /** Adds waiting for the next commit: not in the state, not acknowledged. */
    private long stagedIncrements;
    private long stagedDecrements;

    CrdtCounterNode(CounterKind kind) {
        this.kind = kind;
    }

    @Override
    public void onInit(Env env, Handlers handlers) throws RpcError {
        this.env = env;
        CounterSettings settings = CounterSettings.fromArgs(env.args());
        LatticeReplica<CounterState> replica = new LatticeReplica<>(env, handlers, state,
                new Codec(java.util.Set.copyOf(env.nodeIds())), settings.gossipNanos(), settings.hubOverlay());
        own = new CounterState.Entry(env.nodeId(), replica.epoch());
        if (settings.data() != null) {
            openDisk(settings.data());
        }
        // Objects rather than lambdas before init_ok: each first invokedynamic costs startup time.
        handlers.on("add", new Route(Route.ADD)).on("read", new Route(Route.READ));
        if (replica.hasPeers()) {
            env.after(settings.syncWaitNanos(), new Route(Route.SYNC_DEADLINE));
        }
        replica.syncWithAll(new Route(Route.SYNCED));
    }

    /** One handler or timer task registered at init. */
    private final class Route implements Handlers.Handler, Runnable {
        static final int ADD = 0;
        static final int READ = 1;
        static final int SYNCED = 2;
        static final int SYNC_DEADLINE = 3;

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
                case SYNCED -> onSynced("every peer answered");
                case SYNC_DEADLINE -> onSynced("the sync wait ran out");
                default -> throw new IllegalStateException("not a timer task: " + what);
            }
        }
    }

    /** Keeps the entry a previous start wrote, if any; commits go to disk from now on. */
    private void openDisk(String data) throws RpcError {
        try {
            disk = DurableEntry.open(env, data);
            DurableEntry.Saved saved = disk.recover();
            if (saved != null) {
                own = new CounterState.Entry(env.nodeId(), saved.epoch());
                state.put(own, saved.increments(), saved.decrements());
                env.log().info("recovered", "kept this node's entry from disk: " + saved.increments()
                        + " up, " + saved.decrements() + " down");
            }
        } catch (IOException | RuntimeException e) {
            throw new RpcError(ErrorCode.CRASH, "cannot use data directory ".concat(data).concat(": ")
                    .concat(String.valueOf(e.getMessage())));
        }
        commit = new GroupCommit(env, new Commit());
    }

    private void onAdd(Request request) throws RpcError {
        long d = kind.deltaOf(request);
        if (disk == null) {
            state.add(own, d);
            request.reply("add_ok");
            return;
        }
        // A total past a long throws here (error 13, as without a disk): this add fails, no commit.
        if (d >= 0) {
            long staged = Math.addExact(stagedIncrements, d);
            Math.addExact(state.increments(own), staged);
            stagedIncrements = staged;
        } else {
            long staged = Math.subtractExact(stagedDecrements, d);
            Math.addExact(state.decrements(own), staged);
            stagedDecrements = staged;
        }
        commit.await(request, Bodies.of("add_ok"));
    }

    /** One group commit: the entry's new totals reach the disk, then the state. */
    private final class Commit implements GroupCommit.Batch {
        @Override
        public void commit() throws IOException {
            if (stagedIncrements == 0 && stagedDecrements == 0) {
                return;
            }
            long increments = state.increments(own) + stagedIncrements;
            long decrements = state.decrements(own) + stagedDecrements;
            stagedIncrements = 0;
            stagedDecrements = 0;
            disk.write(own.epoch(), increments, decrements);
            state.put(own, increments, decrements);
        }
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
        env.log().info("serving-reads", "serving reads: " + why + "; " + waitingReads.size() + " waited");
        while (!waitingReads.isEmpty()) {
            replyValue(waitingReads.poll());
        }
    }

    /**
     * A peer's state names only the cluster's nodes, one entry per boot of each: a state with
     * another name, or with more entries than this, is unreadable and dropped (GossipLinks counts
     * it), so no peer message can grow the counter by made-up entries.
     */
    static final int MAX_ENTRIES_PER_STATE = 10_000;

    private static final class Codec implements GossipLinks.Codec<CounterState> {
        private final java.util.Set<String> nodes;

        Codec(java.util.Set<String> nodes) {
            this.nodes = nodes;
        }

        @Override
        public JsonNode encode(CounterState delta) {
            return delta.toJson();
        }

        @Override
        public CounterState decode(JsonNode json) {
            if (json != null && json.size() > MAX_ENTRIES_PER_STATE) {
                throw new IllegalArgumentException("a counter state of " + json.size() + " entries, over "
                        + MAX_ENTRIES_PER_STATE);
            }
            CounterState state = CounterState.fromJson(json);
            String stranger = state.nodeOutside(nodes);
            if (stranger != null) {
                throw new IllegalArgumentException("a counter entry for " + stranger + ", not in node_ids");
            }
            return state;
        }
    }
}
