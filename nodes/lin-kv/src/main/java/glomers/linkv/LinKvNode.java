package glomers.linkv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Bodies;
import glomers.core.Env;
import glomers.core.ErrorCode;
import glomers.core.Handlers;
import glomers.core.NodeLogic;
import glomers.core.Request;
import glomers.core.RpcError;
import glomers.raft.Entry;
import glomers.raft.HostSettings;
import glomers.raft.LinearizableReads;
import glomers.raft.Proposals;
import glomers.raft.Raft;
import glomers.raft.RaftSettings;
import glomers.raft.RequestIds;
import java.util.List;

/**
 * Maelstrom's lin-kv workload: a linearizable key-value store, one register per key, replicated
 * by {@link Raft}. Writes and cas-es are commands in the log, proposed on the leader or forwarded
 * to it ({@link Proposals}), applied in log order on every node and answered by the node the
 * client asked once it applies them; reads never enter the log ({@link LinearizableReads}, ReadIndex).
 */
final class LinKvNode implements NodeLogic, Proposals.Listener<Command>, Proposals.Host<Command>, Raft.Snapshots {

    /** Without a write-ahead log every entry stays in memory: past this many, writes are refused with 11. */
    static final int MAX_ENTRIES_WITHOUT_DISK = 1_000_000;
    /** Without a write-ahead log, the store is snapshotted and the log forgets what it applied this often. */
    static final int SNAPSHOT_EVERY = 10_000;
    /** Distinct keys: a write or cas to a new key past this many is refused with 11. */
    static final int MAX_KEYS = 100_000;

    /** Deliberate bugs, for tests that prove the checker catches them; {@link #NONE} in every binary. */
    record Flaws(boolean leaderCommitsAlone, boolean followersReadLocally, boolean casCheckedBeforeTheLog,
                 boolean noRequestIdWindow) {
        static final Flaws NONE = new Flaws(false, false, false, false);
    }

    private final Flaws flaws;
    private final int snapshotEvery;
    private final Store store = new Store();
    private Env env;
    private HostSettings settings;
    private Raft<Command> raft;
    private Proposals<Command> proposals;
    private LinearizableReads reads;

    LinKvNode() {
        this(Flaws.NONE, SNAPSHOT_EVERY);
    }

    LinKvNode(Flaws flaws, int snapshotEvery) {
        this.flaws = flaws;
        this.snapshotEvery = snapshotEvery;
    }

    @Override
    public void onInit(Env env, Handlers handlers) throws RpcError {
        this.env = env;
        // A 60 ms batch gap (kafka's is 5) with rounds around the ring: lin-kv's clients are few and
        // closed-loop, see the README's figures.
        this.settings = HostSettings.of(env, 60, 750, HostSettings.Rounds.RING);
        HostSettings.Opened<Command> disk = settings.openLog(env, Command.CODEC);
        RequestIds<Command> ids = new RequestIds<>(Command::requestId);
        RaftSettings raftSettings = settings.raft();
        if (flaws.noRequestIdWindow()) {
            // The planted bug: the log forgets snapshotted entries at once, ids and all.
            raftSettings = new RaftSettings(raftSettings.electionNanos(), raftSettings.batchNanos(),
                    raftSettings.memoryEntries(), 0);
        }
        this.raft = new Raft<>(env, raftSettings, Command.CODEC, disk.wal(), disk.recovered(), ids, this,
                flaws.leaderCommitsAlone());
        this.proposals = new Proposals<>(env, raft, Command.CODEC, ids, settings.replyNanos(), settings.electionNanos(), this);
        this.reads = new LinearizableReads(env, raft, settings.replyNanos());
        raft.snapshotEvery(snapshotEvery, this);
        settings.applyTo(raft);
        raft.register(handlers);
        Route route = new Route();
        for (String type : List.of("read", "write", "cas")) {
            handlers.on(type, route);
        }
        raft.start();
    }

    /** The client requests, in one object. */
    private final class Route implements Handlers.Handler {
        @Override
        public void handle(Request request) throws RpcError {
            switch (request.type()) {
                case "read" -> onRead(request);
                case "write" -> proposals.submit(request, new Command.Write(field(request, "key"),
                        field(request, "value"), requestId(request)));
                case "cas" -> onCas(request);
                default -> throw new RpcError(ErrorCode.NOT_SUPPORTED, "no handler for " + request.type());
            }
        }
    }

    private void onRead(Request request) throws RpcError {
        JsonNode key = field(request, "key");
        if (flaws.followersReadLocally() && !raft.isLeader()) {
            answerRead(request, key); // the planted bug: a follower's own store, at once
            return;
        }
        reads.read(request, r -> answerRead(r, key));
    }

    /** The register's value as this node has applied it; the definite 20 when it was never written. */
    private void answerRead(Request request, JsonNode key) {
        JsonNode value = store.get(key);
        if (value == null) {
            request.replyError(new RpcError(ErrorCode.KEY_DOES_NOT_EXIST, "key " + key + " does not exist"));
            return;
        }
        ObjectNode body = Bodies.of("read_ok");
        body.set("value", value);
        request.reply(body);
    }

    private void onCas(Request request) throws RpcError {
        Command.Cas cas = new Command.Cas(field(request, "key"), field(request, "from"), field(request, "to"),
                requestId(request));
        if (flaws.casCheckedBeforeTheLog()) {
            // The planted bug: the precondition is read from this node's store, then a plain write is logged.
            JsonNode current = store.get(cas.key());
            if (current == null || !current.equals(cas.from())) {
                throw new RpcError(ErrorCode.PRECONDITION_FAILED, "current value " + current + " is not " + cas.from());
            }
            proposals.submit(request, new Command.Write(cas.key(), cas.to(), cas.requestId()));
            return;
        }
        proposals.submit(request, cas);
    }

    /** A required field, in the canonical form the store compares (see {@link Values}). */
    private static JsonNode field(Request request, String name) throws RpcError {
        JsonNode value = request.body().get(name);
        if (value == null) {
            throw new RpcError(ErrorCode.MALFORMED_REQUEST, request.type() + " needs a " + name + ", got " + request.body());
        }
        return Values.canonical(value);
    }

    private static String requestId(Request request) throws RpcError {
        if (request.msgId() < 0) {
            throw new RpcError(ErrorCode.MALFORMED_REQUEST, request.type() + " needs a msg_id");
        }
        return Command.requestId(request.src(), request.msgId());
    }

    // ----- Proposals.Host -----

    @Override
    public RpcError refusal(Command command) {
        if (settings.dataDirectory() == null && raft.log().lastIndex() - raft.log().base() >= MAX_ENTRIES_WITHOUT_DISK) {
            env.metrics().counter("refused-log-full").increment();
            return new RpcError(ErrorCode.TEMPORARILY_UNAVAILABLE, "the log holds " + raft.log().lastIndex()
                    + " entries, its limit without a disk (run with data=DIR); nothing was appended");
        }
        JsonNode key = command instanceof Command.Write w ? w.key() : command instanceof Command.Cas c ? c.key() : null;
        if (key != null && store.size() >= MAX_KEYS && !store.contains(key)) {
            env.metrics().counter("refused-new-keys").increment();
            return new RpcError(ErrorCode.TEMPORARILY_UNAVAILABLE, "key " + key + " would be one more than the "
                    + MAX_KEYS + " this node keeps; nothing was appended");
        }
        return null;
    }

    /** A duplicate of a request already applied: a write's answer is known; a cas's outcome is not kept. */
    @Override
    public void answerAgain(Request request, int index) {
        if (request.type().equals("write")) {
            request.reply("write_ok");
        } else {
            request.replyError(new RpcError(ErrorCode.TIMEOUT, "a duplicate of a request applied at index " + index
                    + "; its outcome is not kept"));
        }
    }

    // ----- Raft.Snapshots -----

    @Override
    public JsonNode snapshot() {
        return store.toJson();
    }

    @Override
    public void restore(int index, JsonNode snapshot) {
        store.replaceWith(snapshot);
        reads.applied(index);
    }

    // ----- Raft.Listener -----

    @Override
    public void onCommitted(int index, Entry<Command> entry) {
        ObjectNode outcome = store.apply(entry.command());
        Request waiting = proposals.committed(entry.command());
        if (waiting != null && outcome != null) {
            waiting.reply(outcome);
        }
        reads.applied(index);
    }

    @Override
    public Proposals<Command> proposals() {
        return proposals;
    }

    @Override
    public void onTick() {
        proposals.onTick();
        reads.onTick();
    }
}
