package glomers.harness.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maelstrom's persistent KV (service.clj PersistentKV): an immutable map, and one pure step
 * that handles read, write and cas and returns the next state with the reply. Keys and values
 * compare as Clojure values do, so an integral number is one value whatever its JSON width.
 */
record KvState(Map<String, JsonNode> entries) {

    static final KvState EMPTY = new KvState(new TreeMap<>());
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The next state and the reply; reply null for a request type the service does not know. */
    record Step(KvState next, ObjectNode reply) {
    }

    static String key(JsonNode key) {
        return canonical(key).toString();
    }

    static JsonNode canonical(JsonNode v) {
        return v != null && v.isIntegralNumber() && v.canConvertToLong() ? LongNode.valueOf(v.longValue()) : v;
    }

    KvState with(JsonNode key, JsonNode value) {
        Map<String, JsonNode> next = new TreeMap<>(entries);
        next.put(key(key), canonical(value));
        return new KvState(next);
    }

    /**
     * @param createIfNotExists whether cas honours create_if_not_exists (lin-kv and seq-kv do)
     */
    Step handle(ObjectNode body, boolean createIfNotExists) {
        JsonNode k = body.path("key");
        JsonNode current = entries.get(key(k));
        switch (body.path("type").asText("")) {
            case "read":
                if (current == null) {
                    return new Step(this, error(20, "key does not exist"));
                }
                ObjectNode ok = JSON.objectNode().put("type", "read_ok");
                ok.set("value", current);
                return new Step(this, ok);
            case "write":
                return new Step(with(k, body.get("value")), JSON.objectNode().put("type", "write_ok"));
            case "cas":
                if (current == null) {
                    if (createIfNotExists && body.path("create_if_not_exists").asBoolean(false)) {
                        return new Step(with(k, body.get("to")), JSON.objectNode().put("type", "cas_ok"));
                    }
                    return new Step(this, error(20, "key does not exist"));
                }
                if (!canonical(body.get("from")).equals(current)) {
                    return new Step(this, error(22, "current value " + current + " is not " + body.get("from")));
                }
                return new Step(with(k, body.get("to")), JSON.objectNode().put("type", "cas_ok"));
            default:
                return new Step(this, null);
        }
    }

    static ObjectNode error(int code, String text) {
        return JSON.objectNode().put("type", "error").put("code", code).put("text", text);
    }
}
