package glomers.linkv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Keys and values of any JSON type, told apart as Maelstrom's Clojure does: {@code 1} and
 * {@code "1"} are different keys, {@code 1} and {@code 1.0} different values, and an integer is
 * the same integer however a parser happened to hold it (Jackson keeps small ones as int nodes,
 * others as long or big-integer nodes, and the message codec, the write-ahead log and the
 * appends may each parse the same text). Canonical form: every integer that fits a long is a
 * long node, every other number a double or big-integer node, recursively.
 */
final class Values {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Values() {
    }

    static JsonNode canonical(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? NODES.numberNode(node.longValue()) : NODES.numberNode(node.bigIntegerValue());
        }
        if (node.isFloatingPointNumber()) {
            return NODES.numberNode(node.doubleValue());
        }
        if (node.isArray() && containsNumbers(node)) {
            ArrayNode copy = NODES.arrayNode(node.size());
            for (JsonNode element : node) {
                copy.add(canonical(element));
            }
            return copy;
        }
        if (node.isObject() && containsNumbers(node)) {
            ObjectNode copy = NODES.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                copy.set(e.getKey(), canonical(e.getValue()));
            }
            return copy;
        }
        return node;
    }

    private static boolean containsNumbers(JsonNode container) {
        for (JsonNode element : container) {
            if (element.isNumber() || (element.isContainerNode() && containsNumbers(element))) {
                return true;
            }
        }
        return false;
    }
}
