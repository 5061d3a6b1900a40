package glomers.harness.check.linear;

import com.fasterxml.jackson.databind.JsonNode;
import glomers.harness.check.ClojureValues;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One key's register values as small ids, equal when Clojure's {@code =} says so; nil is 0. */
final class ValueTable {

    static final int NIL = 0;

    /**
     * Integers that fit a long, by value (Clojure's = ignores their width): the common case. A
     * java.util map: see KeyHistories.
     */
    private final Map<Long, Integer> longIds = new HashMap<>();
    private final Map<ClojureValues.Key, Integer> ids = new HashMap<>();
    private final List<JsonNode> values = new ArrayList<>(List.of(com.fasterxml.jackson.databind.node.NullNode.instance));

    int id(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return NIL;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            long v = value.longValue();
            Integer id = longIds.get(v);
            if (id == null) {
                values.add(value);
                id = values.size() - 1;
                longIds.put(v, id);
            }
            return id;
        }
        return ids.computeIfAbsent(new ClojureValues.Key(value), k -> {
            values.add(value);
            return values.size() - 1;
        });
    }

    String show(int id) {
        return id == NIL ? "nil" : values.get(id).toString();
    }

    JsonNode value(int id) {
        return values.get(id);
    }
}
