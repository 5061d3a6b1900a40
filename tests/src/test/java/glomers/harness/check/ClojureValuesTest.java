package glomers.harness.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class ClojureValuesTest {

    private static JsonNode j(String s) {
        return Hist.json(s);
    }

    private static void assertEquiv(JsonNode a, JsonNode b) {
        assertTrue(ClojureValues.equiv(a, b), a + " = " + b);
        assertEquals(ClojureValues.hash(a), ClojureValues.hash(b), "hash of " + a + " and " + b);
        assertEquals(new ClojureValues.Key(a), new ClojureValues.Key(b));
    }

    @Test
    void integersAreEqualWhateverTheirWidth() {
        assertEquiv(IntNode.valueOf(7), LongNode.valueOf(7));
        assertEquiv(IntNode.valueOf(7), BigIntegerNode.valueOf(BigInteger.valueOf(7)));
        assertEquiv(j("[1,{\"a\":2}]"), j("[1, {\"a\": 2}]"));
        assertEquiv(j("0.0"), j("-0.0"));
        assertEquiv(null, j("null"));
    }

    @Test
    void categoriesAndTypesDiffer() {
        assertFalse(ClojureValues.equiv(j("1"), j("1.0")));
        assertFalse(ClojureValues.equiv(j("1"), j("\"1\"")));
        assertFalse(ClojureValues.equiv(j("[1]"), j("[1.0]")));
        assertFalse(ClojureValues.equiv(j("{\"a\":1}"), j("{\"a\":1,\"b\":2}")));
        assertFalse(ClojureValues.equiv(j("null"), j("false")));
    }

    @Test
    void compareFollowsClojure() {
        assertEquals(-1, ClojureValues.compare(j("1"), j("2")));
        assertEquals(0, ClojureValues.compare(j("1"), j("1.0")));
        assertEquals(1, ClojureValues.compare(j("2.5"), j("2")));
        assertEquals(1, ClojureValues.compare(j("12345678901234567890"), j("1")));
        assertEquals(-1, ClojureValues.compare(j("null"), j("\"a\"")));
        assertTrue(ClojureValues.compare(j("\"a\""), j("\"b\"")) < 0);
        assertEquals(-1, ClojureValues.compare(j("[9]"), j("[1,1]")));
        assertEquals(1, ClojureValues.compare(j("[1,2]"), j("[1,1]")));
        assertThrows(ClassCastException.class, () -> ClojureValues.compare(j("1"), j("\"1\"")));
        assertThrows(ClassCastException.class, () -> ClojureValues.compare(j("\"1\""), j("true")));
        assertThrows(ClassCastException.class, () -> ClojureValues.compare(j("{}"), j("{}")));
        assertThrows(ClassCastException.class, () -> ClojureValues.compare(j("[1]"), j("1")));
    }
}
