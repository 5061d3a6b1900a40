package glomers.harness.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import glomers.harness.check.Checker;
import glomers.harness.client.ReplySchema;
import glomers.harness.gen.ClientGenerator;
import glomers.harness.gen.OpSpec;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * workload/echo.clj: each thread sends "Please echo N" (N uniform in 0..127) and expects it back.
 * Not reusable, with-errors, nothing idempotent; the ok value is the whole reply body, which the
 * checker compares by its echo field.
 */
final class EchoWorkload extends ClientTraits {

    private static final ReplySchema ECHO_OK = ReplySchema.of("echo_ok", "echo", ReplySchema.ANY);

    EchoWorkload(Supplier<List<Checker>> checkers) {
        super("echo", false, true, Set.of(), checkers);
    }

    @Override
    public ObjectNode requestBody(OpSpec op) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("type", "echo");
        body.set("echo", op.value());
        return body;
    }

    @Override
    public ReplySchema replySchema(String f) {
        return ECHO_OK;
    }

    @Override
    public JsonNode okValue(OpSpec op, ObjectNode reply) {
        return reply;
    }

    /** gen/each-thread: every thread has its own stream, here its own split of the seed. */
    @Override
    public ClientGenerator generator(SplittableRandom random, int concurrency) {
        SplittableRandom[] perThread = new SplittableRandom[concurrency];
        for (int t = 0; t < concurrency; t++) {
            perThread[t] = random.split();
        }
        return thread -> OpSpec.of("echo", TextNode.valueOf("Please echo " + perThread[thread].nextInt(128)));
    }

}
