package glomers.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import glomers.harness.check.Validity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * peer-key=FILE on every node changes what peer messages carry and nothing else: the same seed
 * gives the same history and the same server messages, type by type, as without it, and no
 * node refuses a peer. (Forged and altered messages are refused: core's PeerAuthTest.)
 */
class PeerAuthSimulationTest {

    @TempDir
    Path results;

    @ParameterizedTest(name = "{0}, {1} nodes")
    @CsvSource({"broadcast, 5, 10", "g-counter, 3, 100", "kafka, 3, 300", "txn, 2, 300"})
    void aSignedClusterRunsMessageForMessageAsAnUnsignedOne(String binary, int nodes, int rate) throws IOException {
        Path key = results.resolve("peer.key");
        Files.writeString(key, "a-shared-key-of-at-least-16-bytes");
        String workload = binary.equals("txn") ? "txn-rw-register" : binary;
        RunConfig plain = RunConfig.defaults(workload, "maelstrom-bin/" + binary, nodes, Replay.seed(71))
                .withMode(RunConfig.Mode.SIM, results).withTimeLimit(10).withRate(rate)
                .withConcurrency(2 * nodes).withNemesis(true, binary.equals("txn") ? Optional.of("total") : Optional.empty());
        if (binary.equals("txn")) {
            plain = plain.withConsistencyModels("read-committed");
        }
        RunConfig signed = plain.withNodeArgs(List.of("peer-key=" + key));
        String replay = Replay.how("PeerAuthSimulationTest#aSignedClusterRunsMessageForMessageAsAnUnsignedOne", signed);

        RunResult without = Run.execute(plain, null);
        RunResult with = Run.execute(signed, null);

        assertEquals(Validity.TRUE, without.verdict(), replay);
        assertEquals(Validity.TRUE, with.verdict(), replay);
        assertEquals(without.serverMessagesByType(), with.serverMessagesByType(), replay);
        assertEquals(without.historyHash(), with.historyHash(), replay);
        // Each tag adds ,"hmac":"<44 characters of base64>" (54 bytes) to a peer message.
        // The nodes count their bytes to the end, the net journal only up to the last op: the
        // convergence phase's peer messages (txn) are counted apart.
        long peerMessages = with.serverMessagesByType().values().stream().mapToLong(Long::longValue).sum()
                + (with.convergence() == null ? 0 : with.convergence().messages().get("servers").msgCount());
        assertEquals(54 * peerMessages, bytesOut(with) - bytesOut(without), "every peer message signed; " + replay);
        with.nodeStderr().forEach((node, log) ->
                assertFalse(log.contains("dropped-unauthenticated-peer"), node + " refused a peer; " + replay));
    }

    /** Bytes every node wrote, as their metrics count them. */
    @SuppressWarnings("unchecked")
    private static long bytesOut(RunResult r) {
        Map<String, Map<String, Long>> byType =
                (Map<String, Map<String, Long>>) NodeMetrics.fromStderr(r.nodeStderr()).totals().get("messages");
        return byType.values().stream().mapToLong(m -> m.getOrDefault("out-bytes", 0L)).sum();
    }
}
