package glomers.harness.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.harness.check.Checker;
import glomers.harness.client.ReplySchema;
import glomers.harness.gen.ClientGenerator;
import glomers.harness.gen.OpSpec;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * workload/lin_kv.clj: a linearizable key-value store, one register per key.
 * <ul>
 * <li>{@code read {key}} to {@code read_ok {value}} (value present, null allowed);
 *     {@code write {key, value}} to {@code write_ok}; {@code cas {key, from, to}} to
 *     {@code cas_ok} (the node answers 20 for a missing key, 22 for a wrong {@code from});</li>
 * <li>the client is reusable (kept across :info) and uses with-errors with reads idempotent:
 *     a read that times out or gets any error fails; a write or cas fails on a definite code
 *     and is :info on a timeout or an indefinite one;</li>
 * <li>the client's timeout is max(10 x --latency, 1000) ms, not the usual 5 s;</li>
 * <li>ops from {@link LinKvGenerator}; no final phase; checked per key by
 *     {@link glomers.harness.check.linear.LinearizableChecker}.</li>
 * </ul>
 */
final class LinKvWorkload extends ClientTraits {

    private static final ReplySchema READ_OK = ReplySchema.of("read_ok", "value", ReplySchema.ANY);
    private static final ReplySchema WRITE_OK = ReplySchema.of("write_ok");
    private static final ReplySchema CAS_OK = ReplySchema.of("cas_ok");

    private final WorkloadOptions options;

    LinKvWorkload(Supplier<List<Checker>> checkers, WorkloadOptions options) {
        super("lin-kv", true, true, Set.of("read"), checkers);
        this.options = options;
        // Fail at once, as the generator would at the first op (Maelstrom aborts the run).
        new LinKvGenerator(new SplittableRandom(0), options.nodes().size(), options.concurrency());
    }

    @Override
    public long timeoutNanos(String f) {
        return Math.max(10 * options.latencyMs(), 1000) * 1_000_000L;
    }

    @Override
    public ObjectNode requestBody(OpSpec op) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("type", op.f());
        body.set("key", op.value().get(0));
        JsonNode v = op.value().get(1);
        switch (op.f()) {
            case "read" -> { }
            case "write" -> body.set("value", v);
            case "cas" -> {
                body.set("from", v.get(0));
                body.set("to", v.get(1));
            }
            default -> throw new IllegalArgumentException("not a lin-kv op: " + op);
        }
        return body;
    }

    @Override
    public ReplySchema replySchema(String f) {
        return switch (f) {
            case "read" -> READ_OK;
            case "write" -> WRITE_OK;
            default -> CAS_OK;
        };
    }

    @Override
    public JsonNode okValue(OpSpec op, ObjectNode reply) {
        if (!op.f().equals("read")) {
            return op.value();
        }
        ArrayNode tuple = JsonNodeFactory.instance.arrayNode();
        return tuple.add(op.value().get(0)).add(reply.get("value"));
    }

    @Override
    public ClientGenerator generator(SplittableRandom random, int concurrency) {
        return new LinKvGenerator(random, options.nodes().size(), concurrency);
    }
}
