package glomers.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import glomers.harness.history.Op;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real echo launcher as child processes, in wall-clock time; skipped if it is not built. */
class EchoProcessIT {

    @TempDir
    Path results;

    @Test
    void echoRunsValidOnTheRealLauncher() throws Exception {
        Path bin = Path.of("..", "maelstrom-bin", "echo");
        assumeTrue(Files.isExecutable(bin), "maelstrom-bin/echo is absent; skipping the process test");
        RunConfig c = RunConfig.defaults("echo", bin.toString(), 2, 1).withTimeLimit(4).withRate(20)
                .withMode(RunConfig.Mode.PROCESS, results);
        RunResult r = Run.execute(c, null);
        Reports.write(r);
        assertEquals(0, r.exitCode(), r.abortReason());
        long oks = r.history().ops().stream().filter(Op::isOk).count();
        assertTrue(oks > 30, "about 20 ops/s for 4 s, got " + oks);
        assertEquals(1.0, Reports.okFraction(r.history().ops()));
        assertTrue(Files.exists(results.resolve(r.runName()).resolve("nodes").resolve("n0.log")));
        // The harness closes stdin at the end, and each node writes its last metrics line then.
        NodeMetrics metrics = NodeMetrics.fromStderr(r.nodeStderr());
        @SuppressWarnings("unchecked")
        java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> nodes =
                (java.util.Map<String, com.fasterxml.jackson.databind.JsonNode>) metrics.toMap().get("nodes");
        assertEquals(java.util.Set.of("n0", "n1"), nodes.keySet());
        long echoes = nodes.values().stream().mapToLong(m -> m.path("messages").path("echo").path("in").asLong()).sum();
        assertEquals(r.history().ops().stream().filter(o -> o.isClient() && o.isInvoke()).count(), echoes,
                "the last lines count every echo the nodes were sent");
    }
}
