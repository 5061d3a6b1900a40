package glomers.harness.workload;

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
final class BroadcastWorkload extends AddsAndReads {

    private static final ReplySchema TOPOLOGY_OK = ReplySchema.of("topology_ok");

    private final WorkloadOptions options;

    BroadcastWorkload(Supplier<List<Checker>> checkers, WorkloadOptions options) {
        super("broadcast", true, Set.of("read"), checkers, "broadcast", "message", "messages", ReplySchema.ARRAY);
        this.options = options;
        Topology.of(options.topology(), options.nodes()); // refuse an unknown topology before the run
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
