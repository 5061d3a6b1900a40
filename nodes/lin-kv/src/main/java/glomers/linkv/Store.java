package glomers.linkv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Bodies;
import glomers.core.ErrorCode;
import glomers.core.RpcError;
import java.util.HashMap;
import java.util.Map;

/**
 * The state machine: one register per key, changed only by committed commands, in log order, on
 * every node alike. Each command's outcome is the reply its client gets.
 */
final class Store {

    private final Map<JsonNode, JsonNode> values = new HashMap<>();

    /** Applies a committed command; its reply body (an ok, or the definite error 20 or 22). */
    ObjectNode apply(Command command) {
        if (command instanceof Command.Write write) {
            values.put(write.key(), write.value());
            return Bodies.of("write_ok");
        }
        if (command instanceof Command.Cas cas) {
            JsonNode current = values.get(cas.key());
            if (current == null) {
                return new RpcError(ErrorCode.KEY_DOES_NOT_EXIST, "key " + cas.key() + " does not exist").toBody();
            }
            if (!current.equals(cas.from())) {
                return new RpcError(ErrorCode.PRECONDITION_FAILED, "current value " + current + " is not " + cas.from())
                        .toBody();
            }
            values.put(cas.key(), cas.to());
            return Bodies.of("cas_ok");
        }
        return null;
    }

    /** The key's value, or null when it was never written. */
    JsonNode get(JsonNode key) {
        return values.get(key);
    }

    boolean contains(JsonNode key) {
        return values.containsKey(key);
    }

    int size() {
        return values.size();
    }

    /** Every register, as {@code [[key, value], ...]}: what a snapshot holds. */
    ArrayNode toJson() {
        ArrayNode pairs = Bodies.nodes().arrayNode();
        values.forEach((key, value) -> pairs.addArray().add(key).add(value));
        return pairs;
    }

    /** Replaces every register with a snapshot's ({@link #toJson}'s form). */
    void replaceWith(JsonNode pairs) {
        if (!pairs.isArray()) {
            throw new IllegalArgumentException("a snapshot of the store is [[key, value], ...], got " + pairs);
        }
        Map<JsonNode, JsonNode> restored = new HashMap<>();
        for (JsonNode pair : pairs) {
            if (!pair.isArray() || pair.size() != 2) {
                throw new IllegalArgumentException("a snapshot's register is [key, value], got " + pair);
            }
            restored.put(Values.canonical(pair.get(0)), Values.canonical(pair.get(1)));
        }
        values.clear();
        values.putAll(restored);
    }
}
