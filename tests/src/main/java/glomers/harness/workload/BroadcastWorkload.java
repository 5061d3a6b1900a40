package glomers.harness.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.harness.check.Checker;
import glomers.harness.client.ReplySchema;
import glomers.harness.gen.ClientGenerator;
import glomers.harness.gen.OpSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * workload/broadcast.clj: a setup client per node sends the topology; then a fresh 50/50 pick per
 * op between {@code broadcast} of 0, 1, 2, ... (in emission order) and {@code read}; after the
 * heal and the 10 s wait, one final read per thread. Clients are not reusable; reads are
 * idempotent. Checked by Jepsen's set-full with broadcast as the add.
 */
final class BroadcastWorkload extends ClientTraits {

    private static final ReplySchema BROADCAST_OK = ReplySchema.of("broadcast_ok");
    private static final ReplySchema READ_OK = ReplySchema.of("read_ok", "messages", ReplySchema.ARRAY);
    private static final ReplySchema TOPOLOGY_OK = ReplySchema.of("topology_ok");

    private final WorkloadOptions options;

    BroadcastWorkload(Supplier<List<Checker>> checkers, WorkloadOptions options) {
        super("broadcast", false, true, Set.of("read"), checkers);
        this.options = options;
        Topology.of(options.topology(), options.nodes()); // refuse an unknown topology before the run
    }

    @Override
    public ObjectNode requestBody(OpSpec op) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("type", op.f());
        if ("broadcast".equals(op.f())) {
            body.set("message", op.value());
        }
        return body;
    }

    @Override
    public ReplySchema replySchema(String f) {
        return "broadcast".equals(f) ? BROADCAST_OK : READ_OK;
    }

    @Override
    public JsonNode okValue(OpSpec op, ObjectNode reply) {
        return "read".equals(op.f()) ? reply.get("messages") : op.value();
    }

    @Override
    public ClientGenerator generator(SplittableRandom random, int concurrency) {
        return addsAndReads("broadcast", random);
    }

    /** A fresh 50/50 pick per op: {@code add} of 0, 1, 2, ... in emission order, or {@code read}. */
    static ClientGenerator addsAndReads(String add, SplittableRandom random) {
        long[] nextValue = {0};
        return thread -> random.nextBoolean()
                ? OpSpec.of(add, JsonNodeFactory.instance.numberNode(nextValue[0]++))
                : OpSpec.of("read", NullNode.getInstance());
    }

    @Override
    public Optional<ObjectNode> setupRequest(String node, List<String> nodes) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("type", "topology");
        ObjectNode topology = body.putObject("topology");
        for (Map.Entry<String, List<String>> entry : Topology.of(options.topology(), nodes).entrySet()) {
            entry.getValue().forEach(topology.putArray(entry.getKey())::add);
        }
        return Optional.of(body);
    }

    @Override
    public ReplySchema setupReplySchema() {
        return TOPOLOGY_OK;
    }

    @Override
    public boolean hasFinalPhase() {
        return true;
    }

    @Override
    public Optional<OpSpec> finalOp(int thread) {
        return Optional.of(new OpSpec("read", NullNode.getInstance(), true));
    }

}
