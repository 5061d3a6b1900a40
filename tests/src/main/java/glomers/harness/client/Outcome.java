package glomers.harness.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.harness.history.Op;
import java.util.function.Function;

/**
 * How a Maelstrom client records an op (client.clj {@code with-errors}, Jepsen's interpreter):
 * <ul>
 * <li>a reply that fits the schema: ok, with the workload's completion value;</li>
 * <li>a reply that does not: info ({@code :malformed-rpc-response}, thrown past with-errors);</li>
 * <li>an error reply: fail if idempotent or definite, else info; without with-errors always info;</li>
 * <li>a timeout: fail if idempotent, else info; without with-errors always info.</li>
 * </ul>
 */
public record Outcome(Op.Type type, JsonNode value, String error) {

    /** What decides an outcome besides the reply. */
    public record Rules(boolean withErrors, boolean idempotent, ReplySchema schema,
                        Function<ObjectNode, JsonNode> okValue) {
    }

    /** {@code reply} null means the request timed out; {@code invoked} is the op's value. */
    public static Outcome of(Rules rules, JsonNode invoked, ObjectNode reply) {
        if (reply == null) {
            Op.Type type = rules.withErrors && rules.idempotent ? Op.Type.FAIL : Op.Type.INFO;
            return new Outcome(type, invoked, ":net-timeout");
        }
        if ("error".equals(reply.path("type").asText(null))) {
            long code = reply.path("code").asLong(-1);
            ErrorCodes.Kind kind = ErrorCodes.of(code);
            String error = "[:" + kind.name() + " " + reply.path("text").toString() + "]";
            boolean fail = rules.withErrors && (rules.idempotent || kind.definite());
            return new Outcome(fail ? Op.Type.FAIL : Op.Type.INFO, invoked, error);
        }
        String violation = rules.schema.violation(reply);
        if (violation != null) {
            return new Outcome(Op.Type.INFO, invoked, "[:malformed-rpc-response " + violation + " in " + reply + "]");
        }
        return new Outcome(Op.Type.OK, rules.okValue.apply(reply), null);
    }
}
