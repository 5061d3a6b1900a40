package glomers.linkv;

import com.fasterxml.jackson.databind.JsonNode;
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
}
