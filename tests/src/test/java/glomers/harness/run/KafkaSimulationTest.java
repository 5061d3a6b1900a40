package glomers.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import glomers.harness.check.CheckResult;
import glomers.harness.cluster.SimBinaries;
import glomers.harness.history.Op;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kafka end to end in the simulator on test-only logs ({@link KafkaLogNodes}): the correct one
 * must pass, each planted fault must fail under its error type. Every assertion prints the seed
 * and replay command.
 */
class KafkaSimulationTest {

    @TempDir
    Path results;

    @BeforeAll
    static void registerLogs() {
        SimBinaries.register("sim-kafka-log", KafkaLogNodes::correct);
        SimBinaries.register("sim-kafka-drop-acked", () -> KafkaLogNodes.dropsAcknowledgedSends(10));
        SimBinaries.register("sim-kafka-reuse-offset", () -> KafkaLogNodes.reusesOffsets(10));
    }

    /** Maelstrom's 5a shape, scaled down: one node, 2 threads, 200 ops/s for 20 s. */
    private RunConfig config(String bin, long seed) {
        return RunConfig.defaults("kafka", "maelstrom-bin/" + bin, 1, Replay.seed(seed)).withTimeLimit(20)
                .withRate(200).withConcurrency(2).withMode(RunConfig.Mode.SIM, results);
    }

    private static CheckResult kafka(RunResult r) {
        return r.checks().stream().filter(c -> c.checker().equals("kafka")).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static List<String> bad(CheckResult c) {
        return (List<String>) c.fields().get("bad-error-types");
    }

    private static long count(RunResult r, String f, Op.Type type) {
        return r.history().ops().stream().filter(op -> op.isClient() && op.f().equals(f) && op.type() == type).count();
    }

    @Test
    void aCorrectLogIsValid() {
        RunConfig c = config("sim-kafka-log", 81);
        RunResult r = Run.execute(c, null);
        String replay = Replay.how("KafkaSimulationTest#aCorrectLogIsValid", c);
        CheckResult k = kafka(r);
        assertEquals(0, r.exitCode(), r.checks() + "; " + replay);
        assertEquals(List.of(), k.fields().get("error-types"), k.fields() + "; " + replay);
        assertTrue(count(r, "send", Op.Type.OK) > 1_000, "about 100 sends/s: " + replay);
        assertTrue(count(r, "assign", Op.Type.OK) > 10, "about 1/64 assigns: " + replay);
        assertTrue(count(r, "crash", Op.Type.INFO) > 1, "crashes every U[0, 30) s: " + replay);
        // The final phase: per thread a crash, an assign of every key seen, then polls to the end.
        List<Op> client = r.history().ops().stream().filter(Op::isClient).toList();
        Op last = client.get(client.size() - 1);
        assertEquals("poll", last.f(), "the final polls end the run: " + last + "; " + replay);
        long bigAssigns = client.stream().filter(op -> op.f().equals("assign") && op.isOk()
                && op.value().size() > 10).count();
        assertTrue(bigAssigns >= 2, "each thread assigns every key it saw: " + bigAssigns + "; " + replay);
    }

    @Test
    void aSeedReplaysTheSameHistory() {
        RunConfig c = config("sim-kafka-log", 84).withTimeLimit(5);
        String replay = Replay.how("KafkaSimulationTest#aSeedReplaysTheSameHistory", c);
        assertEquals(HistoryHash.of(Run.execute(c, null).history()), HistoryHash.of(Run.execute(c, null).history()),
                "the generator, crash clock and final polls draw only from the run's seed; " + replay);
    }

    @Test
    void aLogThatDropsAcknowledgedSendsLosesWrites() {
        RunConfig c = config("sim-kafka-drop-acked", 82);
        RunResult r = Run.execute(c, null);
        String replay = Replay.how("KafkaSimulationTest#aLogThatDropsAcknowledgedSendsLosesWrites", c);
        CheckResult k = kafka(r);
        assertEquals(1, r.exitCode(), replay);
        assertTrue(bad(k).containsAll(List.of("lost-write", "unseen")), k.fields().get("bad-error-types") + "; " + replay);
        assertTrue(KafkaNodeSimulationTest.beyond(r, "acked-sends-missing-at-end") > 0,
                "beside the verdict, the acknowledged sends no node holds at the end: " + k.extraFindings() + "; " + replay);
    }

    @Test
    void aLogThatReusesAnOffsetHasInconsistentOffsets() {
        RunConfig c = config("sim-kafka-reuse-offset", 83);
        RunResult r = Run.execute(c, null);
        String replay = Replay.how("KafkaSimulationTest#aLogThatReusesAnOffsetHasInconsistentOffsets", c);
        CheckResult k = kafka(r);
        assertEquals(1, r.exitCode(), replay);
        assertTrue(bad(k).contains("inconsistent-offsets"), k.fields().get("bad-error-types") + "; " + replay);
    }
}
