package glomers.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import glomers.harness.check.CheckResult;
import glomers.harness.net.Faults;
import glomers.harness.run.Reports;
import glomers.harness.run.Run;
import glomers.harness.run.RunConfig;
import glomers.harness.run.RunResult;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's complete example, a g-counter on seq-kv, compiled from nodes/core/example as a
 * user's class and run in the simulator through {@code --node-class}: challenge 4's run
 * (3 nodes, partitions) must be valid with every acknowledged add in the final reads, and a run
 * with crashes valid too.
 */
class ExampleNodeSimulationTest {

    @TempDir
    static Path classes;
    @TempDir
    Path results;

    private static URLClassLoader loader;

    @BeforeAll
    static void compile() throws Exception {
        loader = ExampleNode.compile(classes);
    }

    @AfterAll
    static void close() throws Exception {
        loader.close();
    }

    private RunConfig challenge(long seed) {
        return RunConfig.defaults("g-counter", "gcounter", 3, seed).withNodeClass(ExampleNode.CLASS)
                .withTimeLimit(20).withRate(100).withPartitions(10, glomers.harness.nemesis.PartitionShapes.SPECS)
                .withMode(RunConfig.Mode.SIM, results);
    }

    private static RunResult run(RunConfig config) {
        return ExampleNode.withLoader(loader, () -> Run.execute(config, null));
    }

    private static CheckResult counterCheck(RunResult r) {
        return r.checks().stream().filter(c -> c.checker().equals("counter")).findFirst().orElseThrow();
    }

    @Test
    void passesChallengeFourWithEveryAcknowledgedAddInTheFinalReads() {
        RunConfig config = challenge(Long.getLong("glomers.seed", 4));
        RunResult r = run(config);
        String replay = "seed " + config.seed() + "; replay with: " + Reports.replayCommand(config);
        assertEquals(0, r.exitCode(), r.abortReason() + " " + r.checks() + "; " + replay);
        CheckResult counter = counterCheck(r);
        assertEquals(3, ((List<?>) counter.fields().get("final-reads")).size(), counter + "; " + replay);
        assertEquals(true, counter.extraFindings().get("final-reads-exact"), counter + "; " + replay);
        assertTrue(((Number) counter.extraFindings().get("acknowledged-sum")).longValue() > 0, replay);
    }

    @Test
    void staysValidWhenNodesCrashAndRestart() {
        RunConfig config = challenge(Long.getLong("glomers.seed", 5)).withFaults(Faults.NONE, true);
        RunResult r = run(config);
        String replay = "seed " + config.seed() + "; replay with: " + Reports.replayCommand(config);
        assertEquals(0, r.exitCode(), r.abortReason() + " " + r.checks() + "; " + replay);
        assertFalse(((List<?>) counterCheck(r).fields().get("final-reads")).isEmpty(), replay);
    }

    @Test
    void theReplayCommandNamesTheClassAndTheClasspath() {
        String replay = Reports.replayCommand(challenge(1));
        assertTrue(replay.startsWith("java -cp "), replay);
        assertTrue(replay.contains(" glomers.harness.cli.HarnessMain test -w g-counter --node-class "
                + ExampleNode.CLASS + " "), replay);
        assertFalse(replay.contains("--bin"), replay);
        assertEquals(Optional.of(ExampleNode.CLASS), challenge(1).nodeClass());
    }
}
