package glomers.counter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Bodies;
import glomers.core.Env;
import glomers.core.ErrorCode;
import glomers.core.Handlers;
import glomers.core.NodeLogic;
import glomers.core.Request;
import glomers.core.RpcError;
import glomers.kv.KvClient;
import glomers.kv.KvResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The design challenge 4's text asks for ({@code mode=seq-kv}): the counter is one key in
 * Maelstrom's seq-kv, and nodes hold nothing authoritative (a crash loses nothing but what was
 * in flight).
 *
 * <p>Adds: the deltas of every add waiting on this node go in one compare-and-set from the value
 * this node last saw to that plus their sum. A cas runs on seq-kv's newest state, so it can only
 * succeed on the true current value; when it fails (22), the node reads and tries again. A cas
 * whose outcome is unknown (a timeout) is never retried, since it may have applied: those adds
 * get an indefinite error. Adds that only ever met definite failures get error 11.
 *
 * <p>Reads: seq-kv may serve a read from any state between the last one this node saw and the
 * newest, so a plain read can be stale forever (reads do not move time forward). A write does:
 * it runs on the newest state and moves this node's view there. So a read round first writes a
 * fresh value to this node's own scratch key, then reads the counter: the read sees every add
 * completed before the round began. Reads arriving during a round wait for the next one, and
 * one round answers all of them.
 */
final class SeqKvCounterNode implements NodeLogic {

    static final String COUNTER_KEY = "counter";
    private static final long KV_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(1500);
    /** Past this, a client has all but given up (Maelstrom waits 5 s); stop retrying. */
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(3);

    private final CounterKind kind;
    private Env env;
    private KvClient kv;
    private String scratchKey;
    private long nonce;
    /** The counter's value as this node last saw it: a hint for the next cas, never an answer. */
    private long lastSeen;
    /** Adds, and reads, waiting for the seq-kv round in flight; past this many, refused with 11. */
    static final int MAX_WAITING = 10_000;
    private final List<PendingAdd> waitingAdds = new ArrayList<>();
    private List<PendingAdd> addsInFlight;
    private final List<Request> waitingReads = new ArrayList<>();
    private List<Request> readsInFlight;

    private record PendingAdd(Request request, long delta) {
    }

    SeqKvCounterNode(CounterKind kind) {
        this.kind = kind;
    }

    @Override
    public void onInit(Env env, Handlers handlers) {
        this.env = env;
        this.kv = KvClient.seqKv(env).withTimeout(KV_TIMEOUT_NANOS);
        this.scratchKey = "read-fence-".concat(env.nodeId());
        // Random per start, so a restarted node never writes a value its scratch key already holds
        // (an unchanged state would not move its view forward).
        this.nonce = env.random().nextLong(1, Long.MAX_VALUE / 2);
        handlers.on("add", new Route(true)).on("read", new Route(false));
    }

    /** The two client handlers, as objects: no lambda before init_ok. */
    private final class Route implements Handlers.Handler {
        private final boolean add;

        Route(boolean add) {
            this.add = add;
        }

        @Override
        public void handle(Request request) throws RpcError {
            if (add) {
                onAdd(request);
            } else {
                onRead(request);
            }
        }
    }

    // ---- adds ----

    private void onAdd(Request request) throws RpcError {
        long d = kind.deltaOf(request);
        if (d == 0) {
            request.reply("add_ok");
            return;
        }
        if (waitingAdds.size() >= MAX_WAITING) {
            throw new RpcError(ErrorCode.TEMPORARILY_UNAVAILABLE, MAX_WAITING + " adds already wait for seq-kv; not applied");
        }
        waitingAdds.add(new PendingAdd(request, d));
        if (addsInFlight == null) {
            startAdds();
        }
    }

    private void startAdds() {
        addsInFlight = new ArrayList<>(waitingAdds);
        waitingAdds.clear();
        casFrom(lastSeen, env.nowNanos());
    }

    private void casFrom(long from, long startedNanos) {
        long sum = 0;
        for (PendingAdd add : addsInFlight) {
            sum = Math.addExact(sum, add.delta);
        }
        long to = Math.addExact(from, sum);
        kv.cas(COUNTER_KEY, from, to, true, result -> {
            if (result.ok()) {
                lastSeen = to;
                finishAdds(null);
            } else if (!result.definite()) {
                finishAdds(new RpcError(ErrorCode.CRASH, "seq-kv cas outcome unknown (" + result.text() + ")"));
            } else if (env.nowNanos() - startedNanos > GIVE_UP_NANOS) {
                finishAdds(new RpcError(ErrorCode.TEMPORARILY_UNAVAILABLE, "seq-kv cas kept failing; not applied"));
            } else {
                // 22: the counter moved on (or our hint was stale); 20 cannot happen with create.
                kv.readLong(COUNTER_KEY, current -> onCurrentValue(current, startedNanos));
            }
        });
    }

    private void onCurrentValue(KvResult<Long> current, long startedNanos) {
        if (current.ok() || current.keyMissing()) {
            lastSeen = current.ok() ? current.value() : 0;
            casFrom(lastSeen, startedNanos);
        } else {
            // Nothing was applied: every cas so far failed definitely.
            finishAdds(new RpcError(ErrorCode.TEMPORARILY_UNAVAILABLE, "seq-kv read failed: " + current.text()));
        }
    }

    private void finishAdds(RpcError error) {
        for (PendingAdd add : addsInFlight) {
            if (error == null) {
                add.request.reply("add_ok");
            } else {
                add.request.replyError(error);
            }
        }
        addsInFlight = null;
        if (!waitingAdds.isEmpty()) {
            startAdds();
        }
    }

    // ---- reads ----

    private void onRead(Request request) throws RpcError {
        if (waitingReads.size() >= MAX_WAITING) {
            throw new RpcError(ErrorCode.TEMPORARILY_UNAVAILABLE, MAX_WAITING + " reads already wait for seq-kv");
        }
        waitingReads.add(request);
        if (readsInFlight == null) {
            startReads();
        }
    }

    private void startReads() {
        readsInFlight = new ArrayList<>(waitingReads);
        waitingReads.clear();
        kv.write(scratchKey, ++nonce, fenced -> {
            if (!fenced.ok()) {
                finishReads(null, fenced.text());
                return;
            }
            kv.readLong(COUNTER_KEY, value -> {
                if (value.ok() || value.keyMissing()) {
                    long v = value.ok() ? value.value() : 0;
                    lastSeen = v;
                    finishReads(v, null);
                } else {
                    finishReads(null, value.text());
                }
            });
        });
    }

    private void finishReads(Long value, String failure) {
        for (Request read : readsInFlight) {
            if (value != null) {
                ObjectNode reply = Bodies.of("read_ok");
                reply.put("value", value.longValue());
                read.reply(reply);
            } else {
                read.replyError(new RpcError(ErrorCode.TEMPORARILY_UNAVAILABLE, "seq-kv: " + failure));
            }
        }
        readsInFlight = null;
        if (!waitingReads.isEmpty()) {
            startReads();
        }
    }
}
