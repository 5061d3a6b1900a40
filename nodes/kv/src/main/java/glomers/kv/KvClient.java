package glomers.kv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Bodies;
import glomers.core.Env;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A client of one of Maelstrom's key-value services, for node logic: every call is an
 * {@link Env#rpc} and returns at once; its {@link KvResult} reaches the callback later, on the
 * node's loop, exactly once. Nothing blocks and nothing throws for what the service answers.
 *
 * <p>Keys and values are JSON and are sent with the JSON type they are given: Maelstrom keys may
 * be strings or integers, and {@code "1"} and {@code 1} are different keys. The {@code String}
 * and {@code long} overloads are shorthand for a text node and an integer node. The nodes are
 * sent as they are, so do not modify them after the call; JSON null is {@code NullNode}, never
 * Java null.
 *
 * <p>What the three services promise (Maelstrom v0.2.4, as the harness reproduces it):
 * <ul>
 *   <li>{@code lin-kv}: linearizable.</li>
 *   <li>{@code seq-kv}: sequentially consistent. An op that leaves the state unchanged (a read,
 *       a failed cas, a write of the value already there) may see a stale state, but not one
 *       older than the last this node saw (while that is among the 32 states the service
 *       keeps); an op that changes it runs on the newest state, so after it this node reads
 *       at least that, other nodes' earlier writes included.</li>
 *   <li>{@code lww-kv}: two replicas that never exchange state; each op lands on one at random,
 *       so a read misses an earlier write half the time. It also ignores
 *       {@code create_if_not_exists}: a cas on a missing key fails with 20 whatever the flag.
 *       This client sends the flag anyway and does not emulate it.</li>
 * </ul>
 *
 * <p>Immutable: {@link #withTimeout} returns a copy. Each call allocates its request body and
 * one small object that waits for the reply.
 */
public final class KvClient {

    public static final String LIN_KV = "lin-kv";
    public static final String SEQ_KV = "seq-kv";
    public static final String LWW_KV = "lww-kv";

    /**
     * One second. A service round trip costs two network latencies (0 ms and 200 ms at the
     * challenges' {@code --latency} 0 and 100), and services are never partitioned and never
     * drop a message, so a reply that has not come within five such round trips is not coming:
     * the destination or the request type is wrong, or the run is badly overloaded. One second
     * also leaves a node time to try again and still answer its client inside Maelstrom's 5 s
     * (the core stops replying after 4.5 s). It is the floor Maelstrom itself gives its lin-kv
     * clients (max(10 × latency, 1 s)). Under a {@code --latency} above about 100 ms, raise it
     * with {@link #withTimeout}.
     */
    public static final long DEFAULT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final JsonNodeFactory NODES = Bodies.nodes();

    private final Env env;
    private final String service;
    private final long timeoutNanos;

    private KvClient(Env env, String service, long timeoutNanos) {
        this.env = Objects.requireNonNull(env, "env");
        this.service = Objects.requireNonNull(service, "service");
        this.timeoutNanos = requirePositive(timeoutNanos);
    }

    /** The linearizable store. */
    public static KvClient linKv(Env env) {
        return of(env, LIN_KV);
    }

    /** The sequentially consistent store: reads may be stale, see the class comment. */
    public static KvClient seqKv(Env env) {
        return of(env, SEQ_KV);
    }

    /** The last-write-wins store; ignores {@code create_if_not_exists}, see the class comment. */
    public static KvClient lwwKv(Env env) {
        return of(env, LWW_KV);
    }

    /** A client of any destination that speaks the KV protocol: a service, or a node. */
    public static KvClient of(Env env, String service) {
        return new KvClient(env, service, DEFAULT_TIMEOUT_NANOS);
    }

    /** A copy that gives up after {@code timeoutNanos} (positive) instead. */
    public KvClient withTimeout(long timeoutNanos) {
        return new KvClient(env, service, timeoutNanos);
    }

    public String service() {
        return service;
    }

    public long timeoutNanos() {
        return timeoutNanos;
    }

    // ---- read ----

    /** {@code read {key}}: the stored value, or {@link KvResult#keyMissing()}. */
    public void read(JsonNode key, KvCallback<JsonNode> callback) {
        call(readBody(key), new KvCall.Read(service, env.log(), Objects.requireNonNull(callback, "callback")));
    }

    public void read(String key, KvCallback<JsonNode> callback) {
        read(NODES.textNode(Objects.requireNonNull(key, "key")), callback);
    }

    /**
     * Like {@link #read(JsonNode, KvCallback)}, for a value that must be an integer that fits in
     * a long. Any other value (3.5, "3", null) is an error result with code 13 and a text that
     * says what was found, not an exception.
     */
    public void readLong(JsonNode key, KvCallback<Long> callback) {
        ObjectNode body = readBody(key);
        call(body, new KvCall.ReadLong(service, key, env.log(), Objects.requireNonNull(callback, "callback")));
    }

    public void readLong(String key, KvCallback<Long> callback) {
        readLong(NODES.textNode(Objects.requireNonNull(key, "key")), callback);
    }

    private static ObjectNode readBody(JsonNode key) {
        ObjectNode body = Bodies.of("read");
        body.set("key", Objects.requireNonNull(key, "key"));
        return body;
    }

    // ---- write ----

    /** {@code write {key, value}}: always succeeds when the service answers. */
    public void write(JsonNode key, JsonNode value, KvCallback<Void> callback) {
        ObjectNode body = Bodies.of("write");
        body.set("key", Objects.requireNonNull(key, "key"));
        body.set("value", Objects.requireNonNull(value, "value"));
        call(body, new KvCall.Ack(service, "write", "write_ok", env.log(), Objects.requireNonNull(callback, "callback")));
    }

    public void write(String key, JsonNode value, KvCallback<Void> callback) {
        write(NODES.textNode(Objects.requireNonNull(key, "key")), value, callback);
    }

    public void write(JsonNode key, long value, KvCallback<Void> callback) {
        write(key, NODES.numberNode(value), callback);
    }

    public void write(String key, long value, KvCallback<Void> callback) {
        write(NODES.textNode(Objects.requireNonNull(key, "key")), NODES.numberNode(value), callback);
    }

    // ---- compare-and-set ----

    /**
     * {@code cas {key, from, to}}: sets {@code to} if the value is {@code from}. Fails with
     * {@link KvResult#preconditionFailed()} when it is something else, and with
     * {@link KvResult#keyMissing()} when the key is missing, unless {@code createIfNotExists}
     * (then sent as {@code create_if_not_exists: true}), which creates it with {@code to} on
     * lin-kv and seq-kv; lww-kv ignores the flag.
     */
    public void cas(JsonNode key, JsonNode from, JsonNode to, boolean createIfNotExists, KvCallback<Void> callback) {
        ObjectNode body = Bodies.of("cas");
        body.set("key", Objects.requireNonNull(key, "key"));
        body.set("from", Objects.requireNonNull(from, "from"));
        body.set("to", Objects.requireNonNull(to, "to"));
        if (createIfNotExists) {
            body.put("create_if_not_exists", true);
        }
        call(body, new KvCall.Ack(service, "cas", "cas_ok", env.log(), Objects.requireNonNull(callback, "callback")));
    }

    public void cas(String key, JsonNode from, JsonNode to, boolean createIfNotExists, KvCallback<Void> callback) {
        cas(NODES.textNode(Objects.requireNonNull(key, "key")), from, to, createIfNotExists, callback);
    }

    public void cas(JsonNode key, long from, long to, boolean createIfNotExists, KvCallback<Void> callback) {
        cas(key, NODES.numberNode(from), NODES.numberNode(to), createIfNotExists, callback);
    }

    public void cas(String key, long from, long to, boolean createIfNotExists, KvCallback<Void> callback) {
        cas(NODES.textNode(Objects.requireNonNull(key, "key")), NODES.numberNode(from), NODES.numberNode(to),
                createIfNotExists, callback);
    }

    private void call(ObjectNode body, KvCall<?> pending) {
        env.rpc(service, body, timeoutNanos, pending);
    }

    static long requirePositive(long timeoutNanos) {
        if (timeoutNanos <= 0) {
            throw new IllegalArgumentException("timeout must be positive: " + timeoutNanos + " ns");
        }
        return timeoutNanos;
    }

    @Override
    public String toString() {
        return "KvClient{" + service + ", timeout " + timeoutNanos / 1_000_000 + " ms}";
    }
}
