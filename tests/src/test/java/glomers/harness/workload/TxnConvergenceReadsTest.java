package glomers.harness.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.harness.history.History;
import glomers.harness.history.Op;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The convergence reads of the transaction workloads: which keys, in what batches, and how replies are read. */
class TxnConvergenceReadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void everyKeyAnyInvokedTxnWroteIsReadInBoundedBatches() throws Exception {
        History h = new History();
        for (int k = 0; k < 250; k++) {
            // Each key written once, by a txn whatever its outcome; reads alone name no key.
            h.add(k, Op.Type.INVOKE, "txn", json("[[\"r\", " + (1000 + k) + ", null], [\"w\", " + k + ", 1]]"), k, false, null);
            h.add(k, k % 3 == 0 ? Op.Type.FAIL : Op.Type.OK, "txn", json("[[\"r\", " + (1000 + k) + ", null], [\"w\", " + k
                    + ", 1]]"), k, false, null);
        }
        h.add(Op.NEMESIS, Op.Type.INFO, "start-partition", json("\"one\""), 300, false, null);
        List<ObjectNode> requests = new TxnConvergenceReads("w", false).requests(h.ops());
        assertEquals(List.of(100, 100, 50), requests.stream().map(r -> r.get("txn").size()).toList());
        assertEquals("txn", requests.get(0).get("type").asText());
        assertEquals(json("[\"r\", 0, null]"), requests.get(0).get("txn").get(0));
        assertEquals(json("[\"r\", 249, null]"), requests.get(2).get("txn").get(49));
    }

    @Test
    void aReplyMustReadEveryKeyAskedAndAnEmptyListIsTheInitialState() throws Exception {
        ObjectNode request = (ObjectNode) json("{\"type\": \"txn\", \"txn\": [[\"r\", 1, null], [\"r\", 2, null]]}");
        TxnConvergenceReads lists = new TxnConvergenceReads("append", true);
        Optional<Map<String, JsonNode>> values = lists.values(request,
                (ObjectNode) json("{\"type\": \"txn_ok\", \"txn\": [[\"r\", 1, []], [\"r\", 2, [3, 4]]]}"));
        assertEquals(Map.of("1", json("null"), "2", json("[3, 4]")), values.orElseThrow());
        assertTrue(lists.values(request, (ObjectNode) json("{\"type\": \"txn_ok\", \"txn\": [[\"r\", 1, null]]}")).isEmpty(),
                "a key left out");
        assertTrue(lists.values(request, (ObjectNode) json("{\"type\": \"error\", \"code\": 11}")).isEmpty(), "an error");
        assertTrue(lists.values(request, null).isEmpty(), "a timeout");
        // Registers: an empty list is a value like any other.
        assertEquals(json("[]"), new TxnConvergenceReads("w", false).values(request,
                (ObjectNode) json("{\"type\": \"txn_ok\", \"txn\": [[\"r\", 1, []], [\"r\", 2, 5]]}")).orElseThrow().get("1"));
    }
}
