package glomers.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import glomers.harness.history.Op;
import glomers.harness.net.Faults;
import glomers.harness.net.LatencyModel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole simulated runs: each names its scenario and prints its seed and replay command on failure. */
class SimRunTest {

    @TempDir
    Path results;

    private RunConfig config(String workload, int nodes, long seed) {
        return RunConfig.defaults(workload, "maelstrom-bin/" + workload, nodes, seed)
                .withMode(RunConfig.Mode.SIM, results);
    }

    private static RunResult run(RunConfig config) {
        return Run.execute(config, null);
    }

    @Test
    void echoOnOneNodeIsValidAndEveryEchoMatches() {
        RunConfig c = config("echo", 1, Replay.seed(11)).withTimeLimit(10);
        RunResult r = run(c);
        String replay = Replay.how("SimRunTest#echoOnOneNodeIsValidAndEveryEchoMatches", c);
        assertValid(r, replay);
        Map<Long, JsonNode> invoked = new HashMap<>();
        int oks = 0;
        for (Op op : r.history().ops()) {
            if (op.isInvoke()) {
                invoked.put(op.process(), op.value());
            } else if (op.isOk()) {
                assertEquals(invoked.get(op.process()), op.value().get("echo"), replay);
                oks++;
            }
        }
        assertTrue(oks > 20, "about 5 ops/s for 10 s, got " + oks + "; " + replay);
        assertEquals(1.0, Reports.okFraction(r.history().ops()), replay);
    }

    @Test
    void uniqueIdsOnThreeNodesAreUnique() {
        RunConfig c = config("unique-ids", 3, Replay.seed(12)).withTimeLimit(10).withRate(200);
        RunResult r = run(c);
        String replay = Replay.how("SimRunTest#uniqueIdsOnThreeNodesAreUnique", c);
        assertValid(r, replay);
        assertNoDuplicateIds(r, replay);
    }

    @Test
    void uniqueIdsUnderPartitionsStayTotallyAvailable() {
        RunConfig c = config("unique-ids", 3, Replay.seed(13)).withTimeLimit(30).withRate(1000)
                .withNemesis(true, Optional.of("total"));
        RunResult r = run(c);
        String replay = Replay.how("SimRunTest#uniqueIdsUnderPartitionsStayTotallyAvailable", c);
        assertValid(r, replay);
        assertEquals(1.0, Reports.okFraction(r.history().ops()), replay);
        long nemesisOps = r.history().ops().stream().filter(o -> !o.isClient()).count();
        assertTrue(nemesisOps >= 2, "the partition nemesis ran; " + replay);
        long invokes = Reports.invocations(r.history().ops());
        assertTrue(invokes > 25_000 && invokes < 35_000, "rate 1000 for 30 s gave " + invokes + "; " + replay);
        assertNoDuplicateIds(r, replay);
    }

    @Test
    void uniqueIdsSurviveCrashesAndRestarts() {
        RunConfig c = config("unique-ids", 3, Replay.seed(14)).withTimeLimit(20).withRate(200)
                .withFaults(new Faults(0.2, 0.1, 0.2), true);
        RunResult r = run(c);
        String replay = Replay.how("SimRunTest#uniqueIdsSurviveCrashesAndRestarts", c);
        assertValid(r, replay);
        assertTrue(r.history().ops().stream().anyMatch(o -> "kill".equals(o.f())), "a node crashed; " + replay);
        assertNoDuplicateIds(r, replay);
    }

    @Test
    void oneSeedGivesOneHistoryAndAnotherSeedAnother() {
        long seed = Replay.seed(15);
        RunConfig c = config("unique-ids", 3, seed).withTimeLimit(10).withRate(300)
                .withLatency(LatencyModel.parse("exponential", 20)).withNemesis(true, Optional.empty());
        RunResult first = run(c);
        RunResult second = run(c);
        String replay = Replay.how("SimRunTest#oneSeedGivesOneHistoryAndAnotherSeedAnother", c);
        assertEquals(first.history().size(), second.history().size(), replay);
        assertEquals(first.historyHash(), second.historyHash(), replay);
        assertEquals(first.facts(), second.facts(), replay);
        RunConfig other = config("unique-ids", 3, seed + 1).withTimeLimit(10).withRate(300)
                .withLatency(LatencyModel.parse("exponential", 20)).withNemesis(true, Optional.empty());
        assertNotEquals(first.historyHash(), run(other).historyHash(), replay);
    }

    @Test
    void echoClientsAreFreshIdsAfterInitAndSetup() {
        // Two nodes: init clients c0, c1; setup clients c2, c3; worker threads c4, c5.
        RunConfig c = config("echo", 2, Replay.seed(16)).withTimeLimit(2);
        RunResult r = run(c);
        String replay = Replay.how("SimRunTest#echoClientsAreFreshIdsAfterInitAndSetup", c);
        assertEquals(0, r.exitCode(), replay);
        // init traffic: 2 requests + 2 replies; each echo op 2 messages.
        long invokes = Reports.invocations(r.history().ops());
        assertEquals(4 + 2 * invokes, r.facts().all().msgCount(), replay);
        assertEquals(0, r.facts().servers().msgCount(), replay);
    }

    private static void assertValid(RunResult r, String replay) {
        assertEquals(0, r.exitCode(), r.abortReason() + " " + r.checks() + "; " + replay);
        assertEquals(glomers.harness.check.Validity.TRUE, r.verdict(), replay);
        assertTrue(r.checks().size() >= 4, "stats, availability, net and the workload's; " + replay);
    }

    private static void assertNoDuplicateIds(RunResult r, String replay) {
        Set<JsonNode> ids = new HashSet<>();
        for (Op op : r.history().ops()) {
            if (op.isOk()) {
                assertTrue(ids.add(op.value()), "duplicate id " + op.value() + "; " + replay);
            }
        }
        assertTrue(ids.size() > 100, replay);
    }
}
