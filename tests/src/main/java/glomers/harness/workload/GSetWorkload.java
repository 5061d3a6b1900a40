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
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * workload/g_set.clj: broadcast's shape without the topology. A fresh 50/50 pick per op between
 * {@code add} of 0, 1, 2, ... (in emission order) and {@code read}; after the heal and the 10 s
 * wait, one read per thread, which g_set.clj does not mark {@code :final?}. The client has no
 * with-errors (every error or timeout is :info, reads included) and is not reusable. Checked by
 * Jepsen's set-full.
 */
final class GSetWorkload extends ClientTraits {

    private static final ReplySchema ADD_OK = ReplySchema.of("add_ok");
    private static final ReplySchema READ_OK = ReplySchema.of("read_ok", "value", ReplySchema.ARRAY);

    GSetWorkload(Supplier<List<Checker>> checkers) {
        super("g-set", false, false, Set.of(), checkers);
    }

    @Override
    public ObjectNode requestBody(OpSpec op) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("type", op.f());
        if ("add".equals(op.f())) {
            body.set("element", op.value());
        }
        return body;
    }

    @Override
    public ReplySchema replySchema(String f) {
        return "add".equals(f) ? ADD_OK : READ_OK;
    }

    @Override
    public JsonNode okValue(OpSpec op, ObjectNode reply) {
        return "read".equals(op.f()) ? reply.get("value") : op.value();
    }

    @Override
    public ClientGenerator generator(SplittableRandom random, int concurrency) {
        return BroadcastWorkload.addsAndReads("add", random);
    }

    @Override
    public boolean hasFinalPhase() {
        return true;
    }

    @Override
    public Optional<OpSpec> finalOp(int thread) {
        return Optional.of(OpSpec.of("read", NullNode.getInstance()));
    }
}
