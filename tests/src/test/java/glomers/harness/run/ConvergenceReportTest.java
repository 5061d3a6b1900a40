package glomers.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import glomers.harness.check.RunFacts.NetCounts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Comparing each node's values: what counts as a disagreement, and how the report names it. */
class ConvergenceReportTest {

    private static final Map<String, NetCounts> NO_MESSAGES = Map.of();

    private static ConvergenceReport compare(Map<String, Map<String, JsonNode>> byNode, Map<String, String> unanswered) {
        return ConvergenceReport.compare(List.of("1", "2", "3"), byNode, unanswered, 3, 10, 10.5, NO_MESSAGES);
    }

    @Test
    void valuesAgreeByJsonTextSoAnIntAndALongAgreeAndADoubleDoesNot() {
        Map<String, Map<String, JsonNode>> byNode = new LinkedHashMap<>();
        byNode.put("n0", Map.of("1", IntNode.valueOf(3), "2", NullNode.getInstance(), "3", IntNode.valueOf(7)));
        byNode.put("n1", Map.of("1", LongNode.valueOf(3), "2", NullNode.getInstance(), "3", DoubleNode.valueOf(7)));
        ConvergenceReport r = compare(byNode, Map.of());
        assertFalse(r.converged());
        assertEquals(List.of("3"), List.copyOf(r.disagreements().keySet()));
        assertEquals("FAILED (n0 and n1 disagree on 1 of 3 keys)", r.summary());
        assertEquals(List.of(Map.of("key", "3", "values", r.disagreements().get("3"))), r.toMap().get("first-disagreements"));
    }

    @Test
    void agreementAndANodeThatNeverAnswered() {
        Map<String, Map<String, JsonNode>> byNode = new LinkedHashMap<>();
        for (String n : List.of("n0", "n1", "n2")) {
            byNode.put(n, Map.of("1", IntNode.valueOf(1), "2", IntNode.valueOf(2), "3", IntNode.valueOf(3)));
        }
        ConvergenceReport all = compare(byNode, Map.of());
        assertTrue(all.converged());
        assertEquals("converged: 3 nodes agree on all 3 keys", all.summary());
        byNode.remove("n2");
        ConvergenceReport silent = compare(byNode, Map.of("n2", "no reply within 5 s"));
        assertFalse(silent.converged());
        assertEquals("FAILED (n2 did not answer)", silent.summary());
        assertEquals(3, silent.toMap().get("nodes"));
    }
}
