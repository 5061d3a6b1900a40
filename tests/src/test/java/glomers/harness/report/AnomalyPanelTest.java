package glomers.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** How the anomaly panel writes an op and Elle's explanation of a cycle. */
class AnomalyPanelTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anOpIsOneLineWithItsTimeInSeconds() throws Exception {
        JsonNode op = JSON.readTree("{\"index\":1183,\"process\":\"1\",\"type\":\"ok\",\"f\":\"send\","
                + "\"value\":[[\"send\",\"23\",[14,15]]],\"time\":2916825379}");
        assertEquals("#1183 process 1 ok send [[\"send\",\"23\",[14,15]]] at 2.917 s", AnomalyPanel.op(op));
    }

    @Test
    void aCyclesLetLinesBecomeItsOpsFormatted() throws Exception {
        JsonNode cycle = JSON.readTree("[{\"index\":3,\"process\":\"1\",\"type\":\"ok\",\"f\":\"txn\","
                + "\"value\":[[\"r\",9,null]],\"time\":7796887},{\"index\":1,\"process\":\"0\",\"type\":\"ok\","
                + "\"f\":\"txn\",\"value\":[[\"w\",9,1]],\"time\":0},{\"index\":3,\"process\":\"1\",\"type\":\"ok\","
                + "\"f\":\"txn\",\"value\":[[\"r\",9,null]],\"time\":7796887}]");
        String elle = "Let:\n  T1 = {\"index\":3}\n  T2 = {\"index\":1}\n\nThen:\n  - T1 < T2, because T1 read key 9 = null.";
        assertEquals("Let:\n  T1 = #3 process 1 ok txn [[\"r\",9,null]] at 0.008 s\n"
                + "  T2 = #1 process 0 ok txn [[\"w\",9,1]] at 0.000 s\n\nThen:\n  - T1 < T2, because T1 read key 9 = null.",
                AnomalyPanel.explained(cycle, elle));
    }

    @Test
    void valuesAreListedWithRunsOfConsecutiveIntegersJoined() throws Exception {
        assertEquals("0, 3–6, 8, 9, 12", SetFullPanel.list(JSON.readTree("[0,3,4,5,6,8,9,12]")));
    }
}
