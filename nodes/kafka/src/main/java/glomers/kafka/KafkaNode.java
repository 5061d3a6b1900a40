package glomers.kafka;

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
import glomers.raft.Proposals;
import glomers.raft.Raft;
import glomers.raft.RaftLog;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Challenges 5a to 5c without lin-kv: one log replicated by {@link Raft}, holding every key's
 * sends and the consumers' committed offsets.
 *
 * <p>A send or commit_offsets becomes a command in the log: proposed at once on the leader,
 * forwarded to it from any other node (piggybacked on the follower's acks), and answered by the
 * node the client asked once that node sees it committed. Forwards are resent until the command
 * shows up in the local log or the request's deadline passes; the leader appends a request only
 * when its log does not already hold it, so a resent, duplicated or re-forwarded request is
 * appended once. Polls and list_committed_offsets read the committed prefix of the local log, on
 * any node, without messages.
 *
 * <p>Every request is answered within {@code reply-ms}. A send that was never appended anywhere
 * (no leader known) fails with the definite error 11; one that may have been appended fails with
 * the indefinite 0. commit_offsets only ever fails indefinitely: Maelstrom's client moves its
 * offsets before it commits them, so a definite failure would make its poll look as if it never
 * happened, and the next poll a skip.
 */
final class KafkaNode implements NodeLogic, Proposals.Listener<Command>, Proposals.Host<Command> {

    /**
     * Without a write-ahead log every entry stays in memory; past this many (about 75 MB of the
     * launcher's 192 MB heap) sends are refused with 11 rather than the node running out of
     * memory. With data=DIR old entries move to disk and there is no such limit.
     */
    static final int MAX_ENTRIES_WITHOUT_DISK = 400_000;
    /**
     * With a write-ahead log an entry still costs about 30 bytes of index in memory; past this
     * many (about 90 MB), sends are refused with 11 too.
     */
    static final int MAX_ENTRIES = 3_000_000;
    /** Distinct keys sent to, and distinct keys committed: past this many a new key is refused with 11. */
    static final int MAX_KEYS = 100_000;
    static final int MAX_POLL_MESSAGES = 10_000;

    /**
     * Deliberate bugs, for tests that prove the checker catches them; {@link #NONE} in every
     * binary. Only the test jar's BrokenKafkaNodes sets one.
     */
    record Flaws(boolean leaderCommitsAlone, boolean offsetsOutsideTheLog) {
        static final Flaws NONE = new Flaws(false, false);
    }

    private final Flaws flaws;
    private Env env;
    private HostSettings settings;
    private final LogIndex index = new LogIndex();
    private RaftLog<Command> log;
    private final Map<String, Long> committedOffsets = new HashMap<>();
    private Raft<Command> raft;
    private Proposals<Command> proposals;

    KafkaNode() {
        this(Flaws.NONE);
    }

    KafkaNode(Flaws flaws) {
        this.flaws = flaws;
    }

    @Override
    public void onInit(Env env, Handlers handlers) throws RpcError {
        this.env = env;
        this.settings = HostSettings.of(env, 5, 3500, HostSettings.Rounds.STAR);
        HostSettings.Opened<Command> disk = settings.openLog(env, Command.CODEC);
        this.raft = new Raft<>(env, settings.raft(), Command.CODEC, disk.wal(), disk.recovered(), index, this,
                flaws.leaderCommitsAlone());
        settings.applyTo(raft);
        this.log = raft.log();
        this.proposals = new Proposals<>(env, raft, Command.CODEC, index.requestIds(), settings.replyNanos(),
                settings.electionNanos(), this);
        raft.register(handlers);
        Route route = new Route();
        for (String type : List.of("send", "poll", "commit_offsets", "list_committed_offsets")) {
            handlers.on(type, route);
        }
        raft.start();
    }

    /** The client requests, in one object: lambdas before init_ok cost start-up time. */
    private final class Route implements Handlers.Handler {
        @Override
        public void handle(Request request) throws RpcError {
            switch (request.type()) {
                case "send" -> onSend(request);
                case "poll" -> onPoll(request);
                case "commit_offsets" -> onCommitOffsets(request);
                case "list_committed_offsets" -> onListCommittedOffsets(request);
                default -> throw new RpcError(ErrorCode.NOT_SUPPORTED, "no handler for " + request.type());
            }
        }
    }

    // ----- requests -----

    private void onSend(Request request) throws RpcError {
        JsonNode key = request.body().get("key");
        JsonNode msg = request.body().get("msg");
        if (key == null || !key.isTextual() || msg == null) {
            throw new RpcError(ErrorCode.MALFORMED_REQUEST, "send needs a string key and a msg, got " + request.body());
        }
        submit(request, new Command.Send(key.asText(), msg, requestId(request)));
    }

    private void onCommitOffsets(Request request) throws RpcError {
        Map<String, Long> offsets = offsetsField(request, "commit_offsets");
        if (flaws.offsetsOutsideTheLog()) {
            offsets.forEach((key, offset) -> committedOffsets.merge(key, offset, Math::max));
            request.reply(Bodies.of("commit_offsets_ok"));
            return;
        }
        submit(request, new Command.CommitOffsets(offsets, requestId(request)));
    }

    private static String requestId(Request request) throws RpcError {
        if (request.msgId() < 0) {
            throw new RpcError(ErrorCode.MALFORMED_REQUEST, request.type() + " needs a msg_id");
        }
        return Command.requestId(request.src(), request.msgId());
    }

    private static Map<String, Long> offsetsField(Request request, String type) throws RpcError {
        JsonNode offsets = request.body().get("offsets");
        if (offsets == null || !offsets.isObject()) {
            throw new RpcError(ErrorCode.MALFORMED_REQUEST, type + " needs an offsets object, got " + offsets);
        }
        Map<String, Long> parsed = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = offsets.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().canConvertToLong()) {
                throw new RpcError(ErrorCode.MALFORMED_REQUEST, "offset of key " + e.getKey()
                        + " must be an integer, got " + e.getValue());
            }
            parsed.put(e.getKey(), e.getValue().asLong());
        }
        return parsed;
    }

    private void submit(Request request, Command command) throws RpcError {
        proposals.submit(request, command);
    }

    @Override
    public RpcError refusal(Command command) {
        if (command instanceof Command.Send && logFull()) {
            env.metrics().counter("refused-log-full").increment();
            return new RpcError(ErrorCode.TEMPORARILY_UNAVAILABLE, "the log holds " + log.lastIndex()
                    + " entries, its limit" + (settings.dataDirectory() == null ? " without a disk (run with data=DIR"
                    + " to keep old entries on disk)" : "") + "; nothing was appended");
        }
        String newKey = newKeyPastTheBound(command);
        if (newKey != null) {
            env.metrics().counter("refused-new-keys").increment();
            return new RpcError(ErrorCode.TEMPORARILY_UNAVAILABLE, "key " + newKey + " would be one more than the "
                    + MAX_KEYS + " this node keeps; nothing was appended");
        }
        return null;
    }

    @Override
    public void answerAgain(Request request, int at) {
        request.reply(okBody(at, log.entry(at)));
    }

    private boolean logFull() {
        return log.lastIndex() >= (settings.dataDirectory() == null ? MAX_ENTRIES_WITHOUT_DISK : MAX_ENTRIES);
    }

    /** A key the command would add past {@link #MAX_KEYS}, or null. */
    private String newKeyPastTheBound(Command command) {
        if (command instanceof Command.Send send) {
            return index.keyCount() >= MAX_KEYS && index.sendCount(send.key()) == 0 ? send.key() : null;
        }
        if (command instanceof Command.CommitOffsets commit && committedOffsets.size() + commit.offsets().size() > MAX_KEYS) {
            int added = 0;
            for (String key : commit.offsets().keySet()) {
                if (!committedOffsets.containsKey(key) && committedOffsets.size() + ++added > MAX_KEYS) {
                    return key;
                }
            }
        }
        return null;
    }

    private void onPoll(Request request) throws RpcError {
        Map<String, Long> from = offsetsField(request, "poll");
        ObjectNode reply = Bodies.of("poll_ok");
        ObjectNode msgs = reply.putObject("msgs");
        int budget = MAX_POLL_MESSAGES;
        int committed = raft.commitIndex();
        for (Map.Entry<String, Long> e : from.entrySet()) {
            String key = e.getKey();
            int count = index.sendCount(key);
            ArrayNode list = null;
            for (long offset = Math.max(0, e.getValue()); offset < count && budget > 0; offset++) {
                int at = index.indexOfOffset(key, (int) offset);
                if (at > committed) {
                    break;
                }
                if (list == null) {
                    list = msgs.putArray(key);
                }
                list.addArray().add(offset).add(((Command.Send) log.entry(at).command()).msg());
                budget--;
            }
        }
        request.reply(reply);
    }

    private void onListCommittedOffsets(Request request) throws RpcError {
        JsonNode keys = request.body().get("keys");
        if (keys == null || !keys.isArray()) {
            throw new RpcError(ErrorCode.MALFORMED_REQUEST, "list_committed_offsets needs a keys array, got " + keys);
        }
        if (!raft.caughtUp()) {
            // Answering from a state still being rebuilt could move a committed offset backwards.
            throw new RpcError(ErrorCode.TEMPORARILY_UNAVAILABLE, "this node has not yet applied the log as far as "
                    + "its leader has committed it; try again shortly");
        }
        ObjectNode reply = Bodies.of("list_committed_offsets_ok");
        ObjectNode offsets = reply.putObject("offsets");
        for (JsonNode key : keys) {
            Long offset = committedOffsets.get(key.asText());
            if (offset != null) {
                offsets.put(key.asText(), offset);
            }
        }
        request.reply(reply);
    }

    private ObjectNode okBody(int at, Entry<Command> entry) {
        if (entry.command() instanceof Command.Send send) {
            ObjectNode body = Bodies.of("send_ok");
            body.put("offset", index.offsetAt(send.key(), at));
            return body;
        }
        return Bodies.of("commit_offsets_ok");
    }

    // ----- the log's events -----

    @Override
    public void onCommitted(int at, Entry<Command> entry) {
        if (entry.command() instanceof Command.CommitOffsets commit) {
            commit.offsets().forEach((key, offset) -> committedOffsets.merge(key, offset, Math::max));
        }
        String id = entry.command().requestId();
        if (id != null && env.log().debugEnabled()) {
            env.log().about(id).debug("committed", "index " + at
                    + (entry.command() instanceof Command.Send send ? ", offset " + index.offsetAt(send.key(), at) : ""));
        }
        Request waiting = proposals.committed(entry.command());
        if (waiting != null) {
            waiting.reply(okBody(at, entry));
        }
    }

    @Override
    public Proposals<Command> proposals() {
        return proposals;
    }

    @Override
    public void onTick() {
        proposals.onTick();
    }

    /**
     * A send that was never appended anywhere (no leader known) fails with the definite 11; one
     * that may have been appended with the indefinite 0. commit_offsets only ever fails
     * indefinitely (see the class comment).
     */
    @Override
    public RpcError expired(Command command, boolean mayBeAppended) {
        long ms = settings.replyNanos() / 1_000_000;
        if (command instanceof Command.Send && !mayBeAppended) {
            return new RpcError(ErrorCode.TEMPORARILY_UNAVAILABLE, "no leader known for " + ms
                    + " ms; the send was not appended");
        }
        return new RpcError(ErrorCode.TIMEOUT, "not committed within " + ms + " ms (leader "
                + raft.leader() + ", term " + raft.term() + "); it may still be");
    }
}
