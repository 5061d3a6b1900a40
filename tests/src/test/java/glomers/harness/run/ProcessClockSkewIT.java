package glomers.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import glomers.harness.check.Validity;
import glomers.harness.history.Op;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --clock-skew in process mode: each node's wall clock is stepped through the file its core
 * argument clock-file= names. The real unique-ids launcher stays valid while its clocks step back,
 * and the planted generator that trusts its clock ({@link ClockTrustingIds}, run as a process on
 * the same core) repeats ids under the same steps and not without them, so the steps reach the
 * processes and the checker sees what they cause.
 */
class ProcessClockSkewIT {

    @TempDir
    Path dir;

    private RunConfig config(String bin, String results) {
        return RunConfig.defaults("unique-ids", bin, 3, Replay.seed(14)).withMode(RunConfig.Mode.PROCESS, dir.resolve(results))
                .withTimeLimit(8).withRate(600).withNemesisInterval(1).withNodeFaults(false, true);
    }

    @Test
    void uniqueIdsNeverRepeatAnIdWhenAProcessClockStepsBack() throws IOException {
        RunConfig c = config("../maelstrom-bin/unique-ids", "real");
        RunResult r = Run.execute(c, null);
        String replay = Replay.how("ProcessClockSkewIT", c);
        assertEquals(Validity.TRUE, r.verdict(), r.verdictText() + "; " + replay);
        assertEquals(0, duplicates(r), replay);
        assertTrue(backwardSteps(r) > 0, "no clock stepped back; " + replay);
        List<String> stepsSeen = nodeLogLines(dir.resolve("real"), "ms off the host's");
        assertTrue(stepsSeen.stream().anyMatch(l -> !l.contains("now 0 ms")), "no node saw its clock step: " + stepsSeen);
    }

    @Test
    void aGeneratorThatTrustsItsProcessClockRepeatsIdsOnceItStepsBack() throws IOException {
        Path bin = dir.resolve("clock-trusting-ids");
        Files.writeString(bin, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp '" + System.getProperty("java.class.path")
                + "' " + ClockTrustingIds.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        RunConfig c = config(bin.toString(), "planted");
        String replay = Replay.how("ProcessClockSkewIT", c);
        RunResult r = Run.execute(c, null);
        assertTrue(backwardSteps(r) > 0, "no clock stepped back; " + replay);
        assertEquals(Validity.FALSE, r.verdict(), "the checker sees the repeated ids; " + r.verdictText() + "; " + replay);
        assertTrue(duplicates(r) > 0, r.checks() + "; " + replay);
        RunResult calm = Run.execute(config(bin.toString(), "calm").withNodeFaults(false, false), null);
        assertEquals(Validity.TRUE, calm.verdict(), "without clock steps the same generator is fine; " + replay);
    }

    private static long duplicates(RunResult r) {
        return r.checks().stream().filter(k -> k.checker().equals("unique-ids")).map(k -> (Long) k.fields().get("duplicated-count"))
                .findFirst().orElseThrow();
    }

    /** Clock steps to an offset below the node's previous one (each step is recorded twice). */
    private static long backwardSteps(RunResult r) {
        Map<String, Long> offsets = new HashMap<>();
        long back = 0;
        List<Op> steps = r.history().ops().stream().filter(op -> !op.isClient() && op.f().equals("clock-step")).toList();
        for (int i = 0; i < steps.size(); i += 2) {
            String node = steps.get(i).value().get(0).asText();
            long offset = steps.get(i).value().get(1).asLong();
            back += offset < offsets.getOrDefault(node, 0L) ? 1 : 0;
            offsets.put(node, offset);
        }
        return back;
    }

    private static List<String> nodeLogLines(Path results, String fragment) throws IOException {
        Path runDir;
        try (var runs = Files.list(results)) {
            runDir = runs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        try (var logs = Files.list(runDir.resolve("nodes"))) {
            return logs.filter(p -> p.toString().endsWith(".log")).flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).filter(l -> l.contains(fragment)).toList();
        }
    }
}
