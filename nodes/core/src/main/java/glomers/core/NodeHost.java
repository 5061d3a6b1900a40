package glomers.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Hosts one node's logic: handles {@code init}, dispatches requests, matches RPC replies, fires
 * timers, and turns every failure into a logged line or an error reply. It is single-threaded
 * and passive: a runtime (stdio or simulated) feeds it messages and asks it for due timers, so
 * the same logic runs unchanged under Maelstrom and in the simulator.
 */
public final class NodeHost implements Env, Handlers {

    /** Maelstrom's client timeout is 5 s; a reply later than this would reach a departed client. */
    public static final long CLIENT_REPLY_DEADLINE_NANOS = 4_500_000_000L;

    /** Maelstrom's init client waits 10 s (25 JVMs starting on 2 cores can be slow); same margin. */
    public static final long INIT_REPLY_DEADLINE_NANOS = 9_500_000_000L;

    /** Maelstrom's services; always valid destinations. */
    public static final Set<String> SERVICES = Set.of("lin-kv", "seq-kv", "lww-kv", "lin-tso");

    private static final int LOGGED_LINE_CHARS = 300;


    private final NodeLogic logic;
    private final Clock clock;
    private final RandomGenerator random;
    private final Outbox outbox;
    private final Log log;
    private final LogContext context = new LogContext();
    private final Metrics metrics = new Metrics();
    /** How often the metrics line is written; 0 for never ({@code metrics-ms=}). */
    private final long metricsNanos;
    /** Times handlers: the host's clock, or real time where the host's is virtual (the simulator). */
    private Clock stopwatch;
    private long initNanos;
    /** Requests handled so far, for timing one in {@link #HANDLER_SAMPLE}. */
    private long requestsSeen;
    static final int HANDLER_SAMPLE = 8;
    /** What is wrong with the core's own node arguments ({@link CoreArgs}); init refuses it. */
    private final String argsError;
    /** Signs and checks node-to-node messages; null without {@code peer-key}. */
    private final PeerAuth peerAuth;
    /** Null unless {@code client-rate=} asks for one. */
    private final ClientRateLimit rateLimit;
    /** {@code metrics-port=}, which the stdio runtime serves; 0 for none. */
    final int metricsPort;
    private final List<String> args;
    private final TimerQueue timers = new TimerQueue();
    /** By request type: its handler and its stats, so a request costs one map lookup for both. */
    private final Map<String, Route> handlers = new HashMap<>();
    private final Map<Long, PendingRpc> pendingRpcs = new HashMap<>();
    /**
     * Past this many RPCs awaiting replies, a new one is not sent: its callback gets a definite
     * 11 instead. Each entry expires with its timeout, so only a flood of requests that each
     * make calls (kafka's forwards, the seq-kv counter's reads) comes near it.
     */
    static final int MAX_PENDING_RPCS = 100_000;

    private String nodeId;
    private List<String> nodeIds = List.of();
    private Set<String> peers = Set.of();
    private long nextMsgId = 1;
    private final Storage.Opener storage;

    public NodeHost(NodeLogic logic, Clock clock, RandomGenerator random, Outbox outbox, Log log, List<String> args) {
        this(logic, clock, random, outbox, log, args, null);
    }

    /** @param storage how {@link #openStorage} opens a directory; null for files ({@link FileStorage}) */
    public NodeHost(NodeLogic logic, Clock clock, RandomGenerator random, Outbox outbox, Log log, List<String> args,
                    Storage.Opener storage) {
        this.storage = storage;
        this.logic = logic;
        this.clock = clock;
        this.random = random;
        this.outbox = outbox;
        this.stopwatch = clock;
        CoreArgs core = CoreArgs.parse(args);
        this.args = core.logicArgs;
        PeerAuth auth = null;
        String error = core.error;
        if (error == null && core.peerKeyFile != null) {
            try {
                auth = PeerAuth.fromFile(core.peerKeyFile);
            } catch (java.io.IOException | RuntimeException e) {
                error = "bad peer-key: " + e.getMessage();
            }
        }
        this.peerAuth = auth;
        this.argsError = error;
        this.metricsNanos = core.metricsMillis * 1_000_000L;
        this.rateLimit = core.clientRate > 0 ? new ClientRateLimit(core.clientRate) : null;
        this.metricsPort = core.metricsPort;
        // The core's lines carry the time, the node and the message in hand: see LogContext.
        this.log = log instanceof StreamLog stream ? stream.bound(clock, context).with(core.level, core.format) : log;
    }

    // ---- driven by the runtime ----

    /** Handles one inbound envelope received now. Never throws for anything the envelope contains. */
    public void onMessage(Message message) {
        onMessage(message, clock.nanoTime());
    }

    /**
     * Handles one inbound envelope that arrived at {@code receivedNanos} (on this host's clock).
     * A runtime that queues input passes the time the line was read, so time spent waiting in
     * its queue counts against the client's deadline.
     */
    public void onMessage(Message message, long receivedNanos) {
        onMessage(message, receivedNanos, -1);
    }

    /** As above, for a runtime that knows the line's length in bytes (newline included). */
    public void onMessage(Message message, long receivedNanos, int bytes) {
        try {
            dispatch(message, arrivedNoLaterThan(receivedNanos), bytes);
        } catch (RuntimeException e) {
            log.error("unexpected-failure", "handling " + abbreviate(MessageCodec.encode(message)), e);
        } finally {
            context.clear();
        }
    }

    /**
     * When a message is read while a timer is more than {@link #FROZEN_NANOS} overdue, the node
     * was frozen (a GC or VM pause, SIGSTOP) since about that timer's deadline, and the message
     * may have waited in its pipe since then: its client's deadline counts from there, so a reply
     * never reaches a client that has already given up. Within the margin the 4.5 s deadline
     * leaves below Maelstrom's 5 s, a late timer changes nothing.
     */
    private long arrivedNoLaterThan(long readNanos) {
        long overdue = timers.nextDeadlineNanos();
        return overdue != Long.MAX_VALUE && readNanos - overdue > FROZEN_NANOS ? overdue : readNanos;
    }

    static final long FROZEN_NANOS = 500_000_000L;

    /** Logs a line the runtime could not parse. */
    public void onMalformed(String reason, String line) {
        log.warn("malformed-line", "skipped malformed line (" + reason + "): " + abbreviate(line));
    }

    /** Long.MAX_VALUE when no timer is pending. */
    public long nextDeadlineNanos() {
        return timers.nextDeadlineNanos();
    }

    /** Runs every timer due now, including timers that due timers schedule for now. */
    public void runDueTimers() {
        long now = clock.nanoTime();
        Runnable task;
        while ((task = timers.pollDue(now)) != null) {
            context.clear();
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("timer-failed", "timer task failed", e);
            }
        }
    }

    public boolean initialised() {
        return nodeId != null;
    }

    int pendingRpcCount() {
        return pendingRpcs.size();
    }

    // ---- dispatch ----

    private void dispatch(Message message, long receivedNanos, int bytes) {
        String type = message.type();
        if (peerAuth != null && peers.contains(message.src()) && !peerAuth.verify(message)) {
            // Forged, altered, or from a node without the key: nothing of it is believed.
            dropped("dropped-unauthenticated-peer", type.concat(" from ").concat(message.src())
                    .concat(": its hmac is missing or wrong"));
            return;
        }
        if (message.body().get("in_reply_to") != null) {
            metrics.received(type, bytes);
            onReply(message, message.inReplyTo());
            return;
        }
        Route route = handlers.get(type);
        Metrics.TypeStats stats = route != null ? metrics.received(route.stats, bytes) : metrics.received(type, bytes);
        Request request = new Request(message, type, receivedNanos, this);
        boolean fromClient = isClient(message.src());
        correlate(request, fromClient);
        if (log.debugEnabled()) {
            log.debug("recv", loggable(message));
        }
        if ("init".equals(type)) {
            onInitMessage(request);
            return;
        }
        if (!initialised()) {
            refuse(request, new RpcError(ErrorCode.TEMPORARILY_UNAVAILABLE, "node not initialised yet"));
            return;
        }
        if (!fromClient && !peers.contains(message.src()) && !SERVICES.contains(message.src())) {
            // A peer Maelstrom never named: answering it would send to an unknown id, which makes
            // Maelstrom stop reading this node. Dropped and counted instead.
            dropped("dropped-unknown-source", type.concat(" from ").concat(message.src())
                    .concat(", which is not in node_ids"));
            return;
        }
        if (rateLimit != null && fromClient && !rateLimit.admit(message.src(), receivedNanos)) {
            metrics.counter("refused-client-rate").increment();
            refuse(request, new RpcError(ErrorCode.TEMPORARILY_UNAVAILABLE, "over this node's limit of requests per "
                    + "second per client (client-rate); nothing was done"));
            return;
        }
        if (route == null) {
            refuse(request, new RpcError(ErrorCode.NOT_SUPPORTED, "unsupported request type " + type));
            return;
        }
        // One request in HANDLER_SAMPLE is timed: two clock reads per request cost the echo
        // path several per cent of its throughput, and a sample gives the same quantiles. The
        // first is timed, so the CDS training's few requests load the histogram's classes: left
        // to the 8th request of a run, loading them stalled it and the requests queued behind it.
        boolean timed = (requestsSeen++ & (HANDLER_SAMPLE - 1)) == 0;
        long started = timed ? stopwatch.nanoTime() : 0;
        try {
            route.handler.handle(request);
        } catch (RpcError e) {
            refuse(request, e);
        } catch (Exception e) {
            log.error("handler-failed", "handler for " + type + " failed on " + abbreviate(MessageCodec.encode(message)), e);
            refuse(request, new RpcError(ErrorCode.CRASH, "handler failed: " + e));
        }
        if (timed) {
            metrics.handled(stats, stopwatch.nanoTime() - started);
        }
    }

    private void refuse(Request request, RpcError error) {
        if (request.msgId() < 0) {
            log.warn("refusal-dropped", "no msg_id to reply to, dropped " + request.type() + " from " + request.src()
                    + ": " + error.text());
        } else if (request.replied()) {
            log.warn("failed-after-reply", "handler for " + request.type() + " failed after replying: " + error.text());
        } else {
            request.replyError(error);
        }
    }

    private void onInitMessage(Request request) {
        ObjectNode body = request.body();
        JsonNode id = body.get("node_id");
        JsonNode ids = body.get("node_ids");
        if (id == null || !id.isTextual() || ids == null || !ids.isArray()) {
            refuse(request, new RpcError(ErrorCode.MALFORMED_REQUEST, "init needs node_id (string) and node_ids (array)"));
            return;
        }
        List<String> all = new ArrayList<>();
        for (JsonNode each : ids) {
            if (!each.isTextual()) {
                refuse(request, new RpcError(ErrorCode.MALFORMED_REQUEST, "node_ids must be strings"));
                return;
            }
            all.add(each.textValue());
        }
        if (!all.contains(id.textValue())) {
            refuse(request, new RpcError(ErrorCode.MALFORMED_REQUEST, "node_ids does not contain " + id.textValue()));
            return;
        }
        if (initialised()) {
            if (nodeId.equals(id.textValue()) && nodeIds.equals(all)) {
                log.warn("repeated-init", "answered again");
                request.reply("init_ok");
            } else {
                refuse(request, new RpcError(ErrorCode.MALFORMED_REQUEST, "already initialised as " + nodeId));
            }
            return;
        }
        if (argsError != null) {
            refuse(request, new RpcError(ErrorCode.MALFORMED_REQUEST, argsError));
            return;
        }
        nodeId = id.textValue();
        context.node = nodeId;
        nodeIds = Collections.unmodifiableList(all);
        peers = Set.copyOf(all);
        try {
            logic.onInit(this, this);
        } catch (RpcError e) {
            forgetInit();
            refuse(request, e);
            return;
        } catch (RuntimeException e) {
            forgetInit();
            log.error("init-failed", "init failed", e);
            refuse(request, new RpcError(ErrorCode.CRASH, "init failed: " + e));
            return;
        }
        initNanos = clock.nanoTime();
        if (metricsNanos > 0) {
            // An inner class, not a lambda: this runs before init_ok (see StreamLog.stderr).
            every(metricsNanos, new Runnable() {
                @Override
                public void run() {
                    writeMetrics();
                }
            });
        }
        request.reply("init_ok");
    }

    /** Writes the metrics line now; the runtime calls it when stdin ends too. */
    public void writeMetrics() {
        if (!initialised()) {
            return;
        }
        String json = metricsJson();
        if (log instanceof StreamLog stream) {
            stream.object("metrics", "metrics", json);
        } else {
            log.info("metrics", json);
        }
    }

    /** The metrics as the next metrics line would show them (the simulator reads them at the end of a run). */
    public String metricsJson() {
        return metrics.toJson((clock.nanoTime() - initNanos) / 1_000_000L, pendingRpcs.size());
    }

    /** Times handlers with {@code realTime}: for a host whose own clock is virtual. */
    public void timeHandlersWith(Clock realTime) {
        this.stopwatch = realTime;
    }

    /**
     * Counts a dropped message under {@code counter} and logs it at the 1st, 10th, 100th, ...
     * drop, so a flood of them is visible without a log line each.
     */
    private void dropped(String counter, String what) {
        Metrics.Counter count = metrics.counter(counter);
        if (count.incrementAtMilestone()) {
            log.warn(counter, "dropped ".concat(what).concat(" (").concat(Long.toString(count.value())).concat(" so far)"));
        }
    }

    /** Undoes a refused init: no identity, no handlers, and nothing the logic scheduled fires later. */
    private void forgetInit() {
        nodeId = null;
        context.node = null;
        nodeIds = List.of();
        peers = Set.of();
        handlers.clear();
        timers.clear();
        pendingRpcs.clear();
    }

    private void onReply(Message message, long inReplyTo) {
        PendingRpc pending = pendingRpcs.remove(inReplyTo);
        if (pending == null || !pending.dest.equals(message.src())) {
            if (pending != null) {
                pendingRpcs.put(inReplyTo, pending);
            }
            if (log.debugEnabled()) {
                context.handling(message, null);
                log.debug("unmatched-reply", "dropped reply matching no pending RPC (late or duplicate): "
                        + abbreviate(MessageCodec.encode(message)));
            }
            return;
        }
        // The reply's work serves whatever request the call was made for.
        context.handling(message, pending.req);
        if (log.debugEnabled()) {
            log.debug("recv", loggable(message));
        }
        pending.timeout.cancel();
        complete(pending, message.body());
    }

    private void complete(PendingRpc pending, ObjectNode reply) {
        complete(pending.callback, pending.dest, reply);
    }

    private void complete(RpcCallback callback, String dest, ObjectNode reply) {
        try {
            callback.onReply(reply);
        } catch (Exception e) {
            log.error("callback-failed", "RPC callback for " + dest + " failed", e);
        }
    }

    void reply(Request request, ObjectNode body) {
        if (request.msgId() < 0) {
            log.warn("reply-without-msg-id", "cannot reply to a message without msg_id: " + request.type() + " from "
                    + request.src());
            return;
        }
        boolean toClient = isClient(request.src());
        long waitedNanos = clock.nanoTime() - request.receivedNanos();
        long deadlineNanos = "init".equals(request.type()) ? INIT_REPLY_DEADLINE_NANOS : CLIENT_REPLY_DEADLINE_NANOS;
        if (toClient && waitedNanos > deadlineNanos) {
            log.warn("late-reply", "reply to " + request.src() + " dropped after " + waitedNanos / 1_000_000
                    + " ms: the client has timed out and may be gone");
            return;
        }
        // In place, not a copy (a copy was a tenth of what echo allocates): the outbox writes the
        // message before send returns, so the next reply may reuse the body (see Outbox).
        ObjectNode sent = body.put("in_reply_to", request.msgId());
        if (peerAuth != null && !toClient && peers.contains(request.src())) {
            sent = peerAuth.sign(request.dest(), request.src(), sent);
        }
        Message reply = new Message(request.dest(), request.src(), sent);
        metrics.sent(body.path("type").asText(), !toClient);
        if (log.debugEnabled()) {
            Log about = toClient ? log.about(Log.requestId(request.src(), request.msgId())) : log;
            about.debug("send", loggable(reply));
        }
        outbox.send(reply);
    }

    /**
     * A shallow copy of {@code body} with one field added. The caller's body is left alone: one
     * body sent to many peers is the caller's to read again (an RPC's timeout names its type).
     */
    private static ObjectNode withField(ObjectNode body, String name, long value) {
        ObjectNode copy = Bodies.nodes().objectNode();
        copy.setAll(body);
        copy.put(name, value);
        return copy;
    }

    private static ObjectNode withField(ObjectNode body, String name, String value) {
        ObjectNode copy = Bodies.nodes().objectNode();
        copy.setAll(body);
        copy.put(name, value);
        return copy;
    }

    /** Maelstrom's clients are c1, c2, ...; one char compare, as this runs several times a message. */
    private static boolean isClient(String id) {
        return !id.isEmpty() && id.charAt(0) == 'c';
    }

    /**
     * Sets the log context for a request: it serves itself when a client sent it, or the
     * {@code req} a peer's message carries (see {@link #send}); nothing for init, which is not a
     * workload request (what it starts, an election or a sync, serves none).
     */
    private void correlate(Request request, boolean fromClient) {
        Message message = request.message();
        if (fromClient) {
            if (request.msgId() >= 0 && !"init".equals(request.type())) {
                context.handlingClientRequest(message);
            } else {
                context.handling(message, null);
            }
            return;
        }
        JsonNode req = message.body().get("req");
        context.handling(message, req != null && req.isTextual() ? req.textValue() : null);
    }

    // ---- Env ----

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public List<String> nodeIds() {
        return nodeIds;
    }

    @Override
    public List<String> args() {
        return args;
    }

    @Override
    public long nowNanos() {
        return clock.nanoTime();
    }

    @Override
    public long epochMillis() {
        return clock.epochMillis();
    }

    @Override
    public RandomGenerator random() {
        return random;
    }

    @Override
    public void send(String dest, ObjectNode body) {
        if (!peers.contains(dest) && !SERVICES.contains(dest)) {
            // Maelstrom stops reading a node that messages an unknown id: refuse here instead.
            log.error("unknown-destination", "refused to send " + body.path("type").asText() + " to unknown destination " + dest, null);
            return;
        }
        // A peer's work on behalf of a client request carries the request's id, so its lines join the trace.
        String req = peers.contains(dest) ? context.req() : null;
        ObjectNode sent = req != null && !body.has("req") ? withField(body, "req", req) : body;
        if (peerAuth != null && peers.contains(dest)) {
            sent = peerAuth.sign(nodeId, dest, sent);
        }
        Message message = new Message(nodeId, dest, sent);
        metrics.sent(message.type(), !isClient(dest));
        if (log.debugEnabled()) {
            log.debug("send", loggable(message));
        }
        outbox.send(message);
    }

    @Override
    public void rpc(String dest, ObjectNode body, long timeoutNanos, RpcCallback callback) {
        if (pendingRpcs.size() >= MAX_PENDING_RPCS) {
            dropped("refused-rpcs", body.path("type").asText().concat(" to ").concat(dest).concat(": ")
                    .concat(Integer.toString(MAX_PENDING_RPCS)).concat(" RPCs already await replies"));
            String req = context.req();
            // On a timer, not now: a callback may not expect to run inside its own rpc() call.
            after(0, () -> {
                context.handling(null, req);
                complete(callback, dest, new RpcError(ErrorCode.TEMPORARILY_UNAVAILABLE, "not sent: "
                        + MAX_PENDING_RPCS + " RPCs already await replies").toBody());
            });
            return;
        }
        long msgId = nextMsgId++;
        ObjectNode sent = withField(body, "msg_id", msgId);
        Timer timeout = timers.schedule(TimerQueue.plus(clock.nanoTime(), Math.max(0, timeoutNanos)), 0, () -> {
            PendingRpc expired = pendingRpcs.remove(msgId);
            if (expired != null) {
                metrics.rpcTimedOut(body.path("type").asText());
                complete(expired, new RpcError(ErrorCode.TIMEOUT, "no reply from " + dest + " within "
                        + timeoutNanos / 1_000_000 + " ms").toBody());
            }
        });
        pendingRpcs.put(msgId, new PendingRpc(dest, callback, timeout, context.req()));
        send(dest, sent);
    }

    @Override
    public Timer after(long delayNanos, Runnable task) {
        return timers.schedule(TimerQueue.plus(clock.nanoTime(), Math.max(0, delayNanos)), 0, task);
    }

    @Override
    public Timer every(long periodNanos, Runnable task) {
        if (periodNanos <= 0) {
            throw new IllegalArgumentException("period must be positive: " + periodNanos);
        }
        return timers.schedule(TimerQueue.plus(clock.nanoTime(), periodNanos), periodNanos, task);
    }

    @Override
    public Log log() {
        return log;
    }

    @Override
    public Metrics metrics() {
        return metrics;
    }

    @Override
    public Storage openStorage(String directory) throws java.io.IOException {
        return storage == null ? FileStorage.open(directory) : storage.open(directory);
    }

    // ---- Handlers ----

    @Override
    public Handlers on(String type, Handler handler) {
        if (handlers.putIfAbsent(type, new Route(handler, metrics.type(type))) != null) {
            throw new IllegalStateException("two handlers for " + type);
        }
        return this;
    }

    /** The message as a log line shows it; never throws, so logging cannot fail a send. */
    private static String loggable(Message message) {
        try {
            return abbreviate(MessageCodec.encode(message));
        } catch (RuntimeException e) {
            return "a " + message.type() + " to " + message.dest() + " that does not serialise: " + e;
        }
    }

    static String abbreviate(String line) {
        return line.length() <= LOGGED_LINE_CHARS ? line : line.substring(0, LOGGED_LINE_CHARS) + "... (" + line.length() + " chars)";
    }

    private record Route(Handler handler, Metrics.TypeStats stats) {
    }

    /** @param req the client request the call was made for, which its reply's work serves too */
    private record PendingRpc(String dest, RpcCallback callback, Timer timeout, String req) {
    }
}
