package glomers.harness.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.harness.check.Checker;
import glomers.harness.client.ReplySchema;
import glomers.harness.gen.OpSpec;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The client of broadcast, g-set, g-counter and pn-counter: an op that adds its value under one
 * body field, answered by {@code <op>_ok}, and a {@code read} whose reply holds the state under
 * one field.
 */
abstract class AddsAndReads extends ClientTraits {

    private final String add;
    private final String addField;
    private final String readField;
    private final ReplySchema addOk;
    private final ReplySchema readOk;

    AddsAndReads(String name, boolean withErrors, Set<String> idempotent, Supplier<List<Checker>> checkers,
                 String add, String addField, String readField, Predicate<JsonNode> readValue) {
        super(name, false, withErrors, idempotent, checkers);
        this.add = add;
        this.addField = addField;
        this.readField = readField;
        this.addOk = ReplySchema.of(add + "_ok");
        this.readOk = ReplySchema.of("read_ok", readField, readValue);
    }

    @Override
    public final ObjectNode requestBody(OpSpec op) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("type", op.f());
        if (add.equals(op.f())) {
            body.set(addField, op.value());
        }
        return body;
    }

    @Override
    public final ReplySchema replySchema(String f) {
        return add.equals(f) ? addOk : readOk;
    }

    @Override
    public final JsonNode okValue(OpSpec op, ObjectNode reply) {
        return "read".equals(op.f()) ? reply.get(readField) : op.value();
    }
}
