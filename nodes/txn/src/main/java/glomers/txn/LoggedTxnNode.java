package glomers.txn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import glomers.raft.RequestIds;

/**
 * The serializable transaction stores ({@code mode=serializable} and {@code mode=strict}), for
 * txn-rw-register and txn-list-append: one log of transactions replicated by {@link Raft}.
 *
 * <p>A transaction that writes is a log command: proposed on the leader or forwarded to it
 * ({@link Proposals}), run in log order on every node's {@link TxnState}, and answered, with what
 * its reads saw at its place in the log, by the node the client asked when it applies it. The
 * log's order is a serial order that every node runs alike; a transaction takes effect when it
 * commits, between its request and its answer, so the order respects real time too.
 *
 * <p>A read-only transaction never enters the log. Strict: it waits for a read index
 * ({@link LinearizableReads}) and then reads the state, which is current at some moment while it
 * is in flight. Serializable: it reads this node's state at once, a prefix of the log's order, so
 * it serializes at that prefix's end (but may miss what committed just before it began).
 */
final class LoggedTxnNode implements NodeLogic, Proposals.Listener<TxnCommand>, Proposals.Host<TxnCommand>,
        Raft.Snapshots {

    /** Without a write-ahead log, the state is snapshotted and the log forgets what it applied this often. */
    static final int SNAPSHOT_EVERY = 10_000;
    /** Without a disk: at most this many log entries past the snapshot, then transactions that write are refused with 11. */
    static final int MAX_ENTRIES_WITHOUT_DISK = 1_000_000;

    private final TxnState state;
    private final boolean strict;
    private Env env;
    private HostSettings settings;
    private Raft<TxnCommand> raft;
    private Proposals<TxnCommand> proposals;
    private LinearizableReads reads;

    LoggedTxnNode(boolean lists, boolean strict) {
        this.state = new TxnState(lists);
        this.strict = strict;
    }

    @Override
    public void onInit(Env env, Handlers handlers) throws RpcError {
        this.env = env;
        this.settings = HostSettings.of(env, 5, 3500, HostSettings.Rounds.STAR, "mode");
        HostSettings.Opened<TxnCommand> disk = settings.openLog(env, TxnCommand.CODEC);
        RequestIds<TxnCommand> ids = new RequestIds<>(TxnCommand::requestId);
        this.raft = new Raft<>(env, settings.raft(), TxnCommand.CODEC, disk.wal(), disk.recovered(), ids, this, false);
        settings.applyTo(raft);
        this.proposals = new Proposals<>(env, raft, TxnCommand.CODEC, ids, settings.replyNanos(), settings.electionNanos(),
                this);
        this.reads = new LinearizableReads(env, raft, settings.replyNanos());
        raft.snapshotEvery(SNAPSHOT_EVERY, this);
        raft.register(handlers);
        handlers.on("txn", new Route());
        raft.start();
    }

    private final class Route implements Handlers.Handler {
        @Override
        public void handle(Request request) throws RpcError {
            onTxn(request);
        }
    }

    private void onTxn(Request request) throws RpcError {
        JsonNode txn = request.body().get("txn");
        if (state.validate(txn)) {
            if (request.msgId() < 0) {
                throw new RpcError(ErrorCode.MALFORMED_REQUEST, "txn needs a msg_id");
            }
            proposals.submit(request, new TxnCommand.Txn(TxnCommand.requestId(request.src(), request.msgId()), (ArrayNode) txn));
        } else if (strict) {
            reads.read(request, r -> answer(r, state.apply(txn)));
        } else {
            answer(request, state.apply(txn));
        }
    }

    private static void answer(Request request, ArrayNode done) {
        ObjectNode reply = Bodies.of("txn_ok");
        reply.set("txn", done);
        request.reply(reply);
    }

    // ----- Proposals.Host -----

    @Override
    public RpcError refusal(TxnCommand command) {
        if (settings.dataDirectory() == null && raft.log().lastIndex() - raft.log().base() >= MAX_ENTRIES_WITHOUT_DISK) {
            env.metrics().counter("refused-log-full").increment();
            return new RpcError(ErrorCode.TEMPORARILY_UNAVAILABLE, "the log holds " + raft.log().lastIndex()
                    + " entries, its limit without a disk (run with data=DIR); nothing was appended");
        }
        JsonNode newKey = command instanceof TxnCommand.Txn txn ? state.newKeyPastTheBound(txn.ops()) : null;
        if (newKey != null) {
            env.metrics().counter("refused-new-keys").increment();
            return new RpcError(ErrorCode.TEMPORARILY_UNAVAILABLE, "key " + newKey + " would be one more than the "
                    + TxnState.MAX_KEYS + " keys this node keeps; nothing was appended");
        }
        return null;
    }

    /** A duplicate of a transaction already applied: what its reads saw is not kept, so the outcome is unknown here. */
    @Override
    public void answerAgain(Request request, int index) {
        request.replyError(new RpcError(ErrorCode.TIMEOUT, "a duplicate of a transaction applied at index " + index
                + "; its outcome is not kept"));
    }

    // ----- Raft.Snapshots -----

    @Override
    public JsonNode snapshot() {
        return state.toJson();
    }

    @Override
    public void restore(int index, JsonNode snapshot) {
        state.replaceWith(snapshot);
        reads.applied(index);
    }

    // ----- Raft.Listener -----

    @Override
    public Proposals<TxnCommand> proposals() {
        return proposals;
    }

    @Override
    public void onCommitted(int index, Entry<TxnCommand> entry) {
        if (entry.command() instanceof TxnCommand.Txn txn) {
            ArrayNode done = state.apply(txn.ops());
            Request waiting = proposals.committed(txn);
            if (waiting != null) {
                answer(waiting, done);
            }
        }
        reads.applied(index);
    }

    @Override
    public void onTick() {
        proposals.onTick();
        reads.onTick();
    }
}
