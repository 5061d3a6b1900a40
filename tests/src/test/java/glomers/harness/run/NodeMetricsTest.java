package glomers.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import glomers.harness.net.LatencyModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nodes' own message counts against the harness's: every message a node says it sent to
 * another node is one the network journal counted, by type, to the message, partitions or not.
 */
class NodeMetricsTest {

    @TempDir
    Path results;

    @Test
    void broadcastNodesCountWhatTheNetworkCounts() {
        for (String profile : List.of("latency", "default", "frugal")) {
            RunConfig c = RunConfig.defaults("broadcast", "maelstrom-bin/broadcast", 5, Replay.seed(3))
                    .withMode(RunConfig.Mode.SIM, results).withTimeLimit(8).withRate(30)
                    .withLatency(new LatencyModel(LatencyModel.Distribution.EXPONENTIAL, 20))
                    .withPartitions(2, List.of("majority", "one"))
                    .withNodeArgs(List.of("profile=" + profile));
            assertAgrees(Run.execute(c, null), Replay.how("NodeMetricsTest#broadcastNodesCountWhatTheNetworkCounts", c));
        }
    }

    @Test
    void kafkaNodesCountWhatTheNetworkCounts() {
        RunConfig c = RunConfig.defaults("kafka", "maelstrom-bin/kafka", 3, Replay.seed(4))
                .withMode(RunConfig.Mode.SIM, results).withTimeLimit(8).withRate(200)
                .withPartitions(2, List.of("majority"));
        assertAgrees(Run.execute(c, null), Replay.how("NodeMetricsTest#kafkaNodesCountWhatTheNetworkCounts", c));
    }

    private static void assertAgrees(RunResult r, String replay) {
        NodeMetrics metrics = NodeMetrics.fromStderr(r.nodeStderr());
        assertEquals(r.config().nodes().size(), ((Map<?, ?>) metrics.toMap().get("nodes")).size(),
                "a metrics line from every node; " + replay);
        assertFalse(r.serverMessagesByType().isEmpty(), replay);
        assertEquals(new java.util.TreeMap<>(r.serverMessagesByType()), metrics.sentToServersByType(),
                "nodes' sends to servers against the network's count; " + replay);
        assertTrue(Reports.summary(r).containsKey("node-metrics"), replay);
    }
}
