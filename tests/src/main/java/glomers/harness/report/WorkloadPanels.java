package glomers.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import glomers.harness.history.Op;
import java.io.IOException;
import java.util.List;

/**
 * The workload checker's panel on the run page, drawn above its fields table: set-full's
 * stable-latency distribution and lost and never-read values (broadcast, g-set), the counters'
 * final reads against the acceptable sums, kafka's and txn's anomalies with their ops, lin-kv's
 * keys that are not linearizable drawn around where the search got stuck.
 */
final class WorkloadPanels {

    private WorkloadPanels() {
    }

    static void write(StringBuilder html, JsonNode check, JsonNode result, List<Op> ops) throws IOException {
        switch (check.path("checker").asText()) {
            case "set-full" -> SetFullPanel.write(html, check);
            case "counter" -> CounterPanel.write(html, check, result, ops);
            case "kafka" -> AnomalyPanel.kafka(html, check);
            case "txn-rw-register", "txn-list-append" -> AnomalyPanel.txn(html, check);
            case "linearizable" -> LinearizablePanel.write(html, check, ops);
            default -> {
            }
        }
    }
}
