package glomers.harness.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A closed reply schema as Maelstrom's client.clj checks it: exactly the workload's fields, the
 * exact type string, an integer in_reply_to and optionally an integer msg_id. Anything else makes
 * the reply a {@code :malformed-rpc-response}.
 */
public record ReplySchema(String type, Map<String, Predicate<JsonNode>> fields) {

    public static final Predicate<JsonNode> ANY = v -> true;
    public static final Predicate<JsonNode> INTEGER = JsonNode::isIntegralNumber;
    public static final Predicate<JsonNode> ARRAY = JsonNode::isArray;
    public static final Predicate<JsonNode> OBJECT = JsonNode::isObject;

    public static ReplySchema of(String type) {
        return new ReplySchema(type, Map.of());
    }

    public static ReplySchema of(String type, String field, Predicate<JsonNode> check) {
        Map<String, Predicate<JsonNode>> fields = new LinkedHashMap<>();
        fields.put(field, check);
        return new ReplySchema(type, fields);
    }

    /** Null when the reply fits, else why not. */
    public String violation(ObjectNode reply) {
        JsonNode t = reply.get("type");
        if (t == null || !t.isTextual() || !t.textValue().equals(type)) {
            return "type is " + t + ", expected \"" + type + "\"";
        }
        JsonNode inReplyTo = reply.get("in_reply_to");
        if (inReplyTo == null || !inReplyTo.isIntegralNumber()) {
            return "in_reply_to is not an integer";
        }
        JsonNode msgId = reply.get("msg_id");
        if (msgId != null && !msgId.isIntegralNumber()) {
            return "msg_id is not an integer";
        }
        for (Map.Entry<String, Predicate<JsonNode>> field : fields.entrySet()) {
            JsonNode value = reply.get(field.getKey());
            if (value == null) {
                return "missing field " + field.getKey();
            }
            if (!field.getValue().test(value)) {
                return "field " + field.getKey() + " has the wrong type: " + value;
            }
        }
        for (Iterator<String> it = reply.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!name.equals("type") && !name.equals("in_reply_to") && !name.equals("msg_id")
                    && !fields.containsKey(name)) {
                return "unexpected field " + name;
            }
        }
        return null;
    }
}
