package glomers.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import glomers.core.Bodies;
import glomers.core.Message;
import glomers.core.MessageCodec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValueSetTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Test
    void integersAndOtherValuesStayDistinct() {
        ValueSet set = new ValueSet();
        assertTrue(set.add(JSON.numberNode(1)));
        assertTrue(set.add(JSON.numberNode(1.0)));
        assertTrue(set.add(JSON.textNode("1")));
        assertFalse(set.add(JSON.numberNode(1L)), "an int and a long of the same value are one value");
        assertEquals(3, set.size());
    }

    @Test
    void writesEveryValueAsOneArray() throws Exception {
        ValueSet set = new ValueSet();
        set.add(JSON.numberNode(-3));
        set.add(JSON.numberNode(7));
        set.add(JSON.objectNode().put("a", 1));
        var body = Bodies.of("read_ok");
        body.set("messages", set.asJsonArray());
        String line = MessageCodec.encode(new Message("n1", "c1", body));
        JsonNode round = MessageCodec.parse(line).body();
        assertEquals(3, round.get("messages").size());
        assertEquals(set.size(), ValueSet.fromArray(round.get("messages")).size());
        assertTrue(ValueSet.fromArray(round.get("messages")).contains(JSON.numberNode(-3)));
    }

    @Test
    void setAlgebraMatchesAModel() {
        qt().forAll(lists().of(integers().between(-50, 5000)).ofSizeBetween(0, 300),
                        lists().of(integers().between(-50, 5000)).ofSizeBetween(0, 300))
                .checkAssert((left, right) -> {
                    ValueSet a = of(left);
                    ValueSet b = of(right);
                    Set<Integer> model = new HashSet<>(left);
                    model.removeAll(right);
                    assertEquals(model.size(), a.minus(b).size());
                    ValueSet union = a.copy();
                    union.merge(b);
                    Set<Integer> all = new HashSet<>(left);
                    all.addAll(right);
                    assertEquals(all.size(), union.size());
                    assertEquals(of(List.copyOf(all)).hash(), union.hash(), "the digest ignores insertion order");
                    union.forget(b);
                    assertEquals(model.size(), union.size());
                });
    }

    private static ValueSet of(List<Integer> values) {
        ValueSet set = new ValueSet();
        values.forEach(v -> set.add(JSON.numberNode(v)));
        return set;
    }
}
