package glomers.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import glomers.harness.check.Validity;
import glomers.harness.cluster.SimBinaries;
import glomers.harness.history.Op;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The node faults Maelstrom cannot inject, --pause and --clock-skew, composed with partitions:
 * each binary stays valid, the faults really happen (they are in the history), and a planted
 * unique-ids generator that trusts its wall clock repeats ids once the clock steps back.
 * run-scripts/fault-sweep runs the same over many seeds.
 */
class NodeFaultsSimulationTest {

    @TempDir
    Path results;

    @BeforeAll
    static void registerPlantedNodes() {
        SimBinaries.register("unique-ids-trusting-the-clock", ClockTrustingIds::newLogic);
        SimBinaries.register("sim-kafka-leader-commits-alone", glomers.kafka.BrokenKafkaNodes::leaderCommitsAlone);
    }

    private RunConfig config(String workload, String bin, int nodes, long seed) {
        return RunConfig.defaults(workload, "maelstrom-bin/" + bin, nodes, seed).withMode(RunConfig.Mode.SIM, results)
                .withTimeLimit(20).withNemesisInterval(3);
    }

    @ParameterizedTest(name = "{0} with {4}, seed {5}")
    @CsvSource({
        "unique-ids, unique-ids, 3, 200, pause clock-skew, 1",
        "broadcast, broadcast, 5, 20, pause clock-skew, 2",
        "g-set, g-set, 3, 50, pause, 3",
        "g-counter, g-counter, 3, 50, pause clock-skew, 4",
        "pn-counter, pn-counter, 3, 50, pause, 5",
        "txn-rw-register, txn, 2, 100, pause clock-skew, 6",
        "kafka, kafka, 3, 100, pause clock-skew, 7",
    })
    void everyBinaryStaysValidUnderPausesClockStepsAndPartitions(String workload, String bin, int nodes, int rate,
                                                                String faults, long seedBase) {
        long seed = Replay.seed(seedBase);
        RunConfig c = config(workload, bin, nodes, seed).withRate(rate)
                .withNemesis(true, Optional.empty())
                .withNodeFaults(faults.contains("pause"), faults.contains("clock-skew"));
        if (workload.equals("txn-rw-register")) {
            c = c.withConsistencyModels("read-committed");
        }
        if (workload.equals("kafka")) {
            c = c.withConcurrency(2 * nodes);
        }
        RunResult r = Run.execute(c, null);
        String replay = Replay.how("NodeFaultsSimulationTest#everyBinaryStaysValidUnderPausesClockStepsAndPartitions", c);
        assertEquals(Validity.TRUE, r.verdict(), r.verdictText() + "; " + replay);
        assertTrue(nemesisSteps(r, "pause") > 0 == faults.contains("pause"), "pauses happened; " + replay);
        assertEquals(nemesisSteps(r, "pause"), nemesisSteps(r, "resume"), "every paused node resumed; " + replay);
        assertTrue(nemesisSteps(r, "clock-step") > 0 == faults.contains("clock-skew"), "clocks stepped; " + replay);
    }

    @Test
    void aGeneratorThatTrustsItsClockRepeatsIdsOnceTheClockStepsBack() {
        RunConfig c = config("unique-ids", "unique-ids-trusting-the-clock", 3, Replay.seed(8)).withRate(300)
                .withNodeFaults(false, true);
        String replay = Replay.how("NodeFaultsSimulationTest#aGeneratorThatTrustsItsClockRepeatsIdsOnceTheClockStepsBack", c);
        RunResult r = Run.execute(c, null);
        assertEquals(Validity.FALSE, r.verdict(), "the checker sees the repeated ids; " + replay);
        RunResult calm = Run.execute(c.withNodeFaults(false, false), null);
        assertEquals(Validity.TRUE, calm.verdict(), "without clock steps the same generator is fine; " + replay);
    }

    /**
     * Found by run-scripts/fault-sweep: a kafka node woke from a pause to sends that had waited
     * in its inbox for seconds, stamped them as just arrived, and acknowledged one after its
     * client had given up, which Maelstrom takes as the node breaking the protocol. The core now
     * dates what it reads while a timer is long overdue from that timer's deadline.
     */
    @Test
    void aNodeWakingFromAPauseNeverAnswersAClientThatHasGivenUp() {
        RunConfig c = config("kafka", "kafka", 3, Replay.seed(2)).withRate(200).withConcurrency(6)
                .withNemesis(true, Optional.empty()).withNodeFaults(true, false).withNodeArgs(List.of("data=wal"));
        RunResult r = Run.execute(c, null);
        String replay = Replay.how("NodeFaultsSimulationTest#aNodeWakingFromAPauseNeverAnswersAClientThatHasGivenUp", c);
        assertEquals(List.of(), r.violations(), replay);
        assertEquals(Validity.TRUE, r.verdict(), r.verdictText() + "; " + replay);
    }

    /**
     * Restarts that meet a clock stepped back: with data=DIR the node starts above a floor it
     * made durable before giving ids out, so no id repeats; without it the node has nothing to
     * start above, and the same faults make it repeat ids (which is why the floor exists).
     */
    @Test
    void uniqueIdsNeverRepeatAcrossRestartsAndBackwardClocksOnTheirDataDirectory() {
        boolean repeatedWithoutData = false;
        for (long seed = 1; seed <= 3; seed++) {
            RunConfig c = config("unique-ids", "unique-ids", 3, Replay.seed(30 + seed)).withRate(300)
                    .withNemesisInterval(2).withFaults(glomers.harness.net.Faults.NONE, true).withNodeFaults(false, true);
            RunConfig durable = c.withNodeArgs(List.of("data=ids"));
            String replay = Replay.how("NodeFaultsSimulationTest#uniqueIdsNeverRepeatAcrossRestartsAndBackwardClocksOnTheirDataDirectory",
                    durable);
            RunResult r = Run.execute(durable, null);
            assertEquals(Validity.TRUE, r.verdict(), r.verdictText() + "; " + replay);
            assertTrue(nemesisSteps(r, "kill") > 0 && nemesisSteps(r, "clock-step") > 0, "crashes and steps; " + replay);
            repeatedWithoutData |= Run.execute(c, null).verdict() == Validity.FALSE;
        }
        assertTrue(repeatedWithoutData, "without data=DIR the same faults never made a restarted node repeat an id");
    }

    /**
     * A paused kafka leader wakes to the requests that queued up while its followers elected
     * another: the real one can commit nothing of its old term without a majority, so it stays
     * valid; a planted leader that commits alone acknowledges sends the new leader never had.
     */
    @Test
    void aPausedLeaderThatCommitsAloneIsCaughtAndTheRealOneIsNot() {
        List<String> caught = new ArrayList<>();
        for (long seed = 1; seed <= 4 && caught.isEmpty(); seed++) {
            RunConfig planted = config("kafka", "sim-kafka-leader-commits-alone", 3, Replay.seed(20 + seed))
                    .withRate(200).withConcurrency(6).withNemesisInterval(2).withNodeFaults(true, false);
            String replay = Replay.how("NodeFaultsSimulationTest#aPausedLeaderThatCommitsAloneIsCaughtAndTheRealOneIsNot",
                    planted);
            if (Run.execute(planted, null).verdict() == Validity.FALSE) {
                caught.add(replay);
                assertEquals(Validity.TRUE, Run.execute(planted.withNodeFaults(false, false), null).verdict(),
                        "without pauses nothing exposes the flaw, so the pauses did; " + replay);
            }
            RunConfig real = planted.withBin("maelstrom-bin/kafka");
            assertEquals(Validity.TRUE, Run.execute(real, null).verdict(), "the real node under the same pauses; "
                    + Replay.how("NodeFaultsSimulationTest#aPausedLeaderThatCommitsAloneIsCaughtAndTheRealOneIsNot", real));
        }
        assertTrue(!caught.isEmpty(), "a leader acknowledging alone was never caught after a pause");
    }

    /**
     * Issue 24: a follower forwards a client's request to the leader with a deadline on the
     * leader's monotonic clock (nodes/raft LeaderClock), not the wall clock, so stepping the
     * nodes' wall clocks changes nothing in lin-kv or kafka: the same seed with and without
     * --clock-skew ends with the same outcomes and sends the same server messages. (With wall-clock
     * deadlines a follower stepped behind had every fresh forward refused: the lin-kv run here
     * left ops indefinite: on these seeds lin-kv 4 where it had none, kafka 17 where it had 9.)
     */
    @ParameterizedTest(name = "{0}, seed {2}")
    @CsvSource({"lin-kv, 100, 1", "kafka, 200, 3"})
    void raftHostsDoExactlyTheSameUnderClockSteps(String workload, int rate, long seedBase) {
        RunConfig calm = config(workload, workload, 3, Replay.seed(seedBase)).withTimeLimit(10).withNemesisInterval(2)
                .withRate(rate).withConcurrency(6);
        RunConfig stepped = calm.withNodeFaults(false, true);
        String replay = Replay.how("NodeFaultsSimulationTest#raftHostsDoExactlyTheSameUnderClockSteps", stepped);
        RunResult r = Run.execute(stepped, null);
        assertEquals(Validity.TRUE, r.verdict(), r.verdictText() + "; " + replay);
        assertTrue(nemesisSteps(r, "clock-step") > 0, "clocks stepped; " + replay);
        RunResult without = Run.execute(calm, null);
        assertEquals(outcomes(without), outcomes(r), "client outcomes with and without clock steps; " + replay);
        assertEquals(without.serverMessagesByType(), r.serverMessagesByType(), "server messages; " + replay);
    }

    private static Map<Op.Type, Long> outcomes(RunResult r) {
        return r.history().ops().stream().filter(Op::isClient)
                .collect(Collectors.groupingBy(Op::type, TreeMap::new, Collectors.counting()));
    }

    private static long nemesisSteps(RunResult r, String f) {
        return r.history().ops().stream().filter(op -> !op.isClient() && op.f().equals(f)).count() / 2;
    }
}
