package glomers.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import glomers.harness.check.CheckResult;
import glomers.harness.check.Validity;
import glomers.harness.net.Faults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kafka launcher in the process cluster, its nodes killed with SIGKILL at random points
 * and started again on their write-ahead log ({@code data=wal}, under the run's working
 * directory), keeping only 500 entries in memory so that polls and catching-up followers read
 * the rest back from disk: every acknowledged send survives, and restarts recover their logs.
 */
class KafkaProcessCrashIT {

    @TempDir
    Path results;

    @Test
    void killedNodesComeBackOnTheirLogAndLoseNoAcknowledgedSend() throws Exception {
        RunConfig c = RunConfig.defaults("kafka", "../maelstrom-bin/kafka", 3, Replay.seed(7))
                .withMode(RunConfig.Mode.PROCESS, results).withTimeLimit(20).withRate(300).withConcurrency(6)
                .withNemesisInterval(3).withFaults(new Faults(0, 0, 0), true).withNodeArgs(List.of("data=wal", "memory-entries=500"));
        RunResult r = Run.execute(c, null);
        String replay = Replay.how("KafkaProcessCrashIT", c);
        CheckResult kafka = r.checks().stream().filter(k -> k.checker().equals("kafka")).findFirst().orElseThrow();
        assertEquals(List.of(), kafka.fields().get("bad-error-types"), kafka.fields() + "; " + replay);
        assertEquals(Validity.TRUE, r.verdict(), r.checks() + "; " + replay);
        long kills = r.history().ops().stream().filter(op -> !op.isClient() && op.f().equals("kill")).count() / 2;
        assertTrue(kills >= 2, "only " + kills + " kills; " + replay);
        long recoveredWithEntries = 0;
        long evicting = 0;
        Path runDir;
        try (var runs = Files.list(results)) {
            runDir = runs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        try (var logs = Files.list(runDir.resolve("nodes"))) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                List<String> lines = Files.readAllLines(log);
                recoveredWithEntries += lines.stream()
                        .filter(l -> l.contains("recovered term") && !l.contains(" 0 log entries")).count();
                evicting += lines.stream().filter(l -> l.contains("moving applied entries to disk")).count();
            }
        }
        assertTrue(recoveredWithEntries >= 1, "no restart found a log to recover; " + replay);
        assertTrue(evicting >= 1, "no node moved entries to disk, so no poll read them back; " + replay);
    }
}
