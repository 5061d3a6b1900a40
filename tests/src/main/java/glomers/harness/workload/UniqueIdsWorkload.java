package glomers.harness.workload;

import com.fasterxml.jackson.databind.JsonNode;
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
 * workload/unique_ids.clj: endless {@code generate}; the reply's id (any JSON value) is the ok
 * value. The client is reusable (kept across :info) and nothing is idempotent.
 */
final class UniqueIdsWorkload extends ClientTraits {

    private static final ReplySchema GENERATE_OK = ReplySchema.of("generate_ok", "id", ReplySchema.ANY);

    UniqueIdsWorkload(Supplier<List<Checker>> checkers) {
        super("unique-ids", true, true, Set.of(), checkers);
    }

    @Override
    public ObjectNode requestBody(OpSpec op) {
        return JsonNodeFactory.instance.objectNode().put("type", "generate");
    }

    @Override
    public ReplySchema replySchema(String f) {
        return GENERATE_OK;
    }

    @Override
    public JsonNode okValue(OpSpec op, ObjectNode reply) {
        return reply.get("id");
    }

    @Override
    public ClientGenerator generator(SplittableRandom random, int concurrency) {
        OpSpec generate = OpSpec.of("generate", JsonNodeFactory.instance.nullNode());
        return thread -> generate;
    }

}
