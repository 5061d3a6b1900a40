package glomers.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.NodeLogic;
import glomers.harness.check.CheckResult;
import glomers.harness.check.Validity;
import glomers.harness.cluster.SimBinaries;
import glomers.harness.history.HistoryFile;
import glomers.harness.history.Op;
import glomers.harness.workload.WorkloadOptions;
import glomers.harness.workload.Workloads;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * g-counter, pn-counter and g-set end to end in the simulator, on small test-only nodes: correct
 * single-node ones must pass with the workload's op mix and exact final reads, and each planted
 * bug must fail. Every assertion prints the seed and the replay command.
 */
class CountersAndGSetSimulationTest {

    @TempDir
    Path results;

    @BeforeAll
    static void registerTestNodes() {
        SimBinaries.register("sim-counter", () -> counter(false));
        SimBinaries.register("sim-counter-ignoring-negatives", () -> counter(true));
        SimBinaries.register("sim-gset", () -> gSet(0));
        SimBinaries.register("sim-gset-dropping-every-10th", () -> gSet(10));
    }

    /** One node's counter; never shares it, so it is only correct alone. */
    private static NodeLogic counter(boolean ignoreNegatives) {
        return (env, handlers) -> {
            long[] sum = {0};
            handlers.on("add", r -> {
                long delta = r.body().get("delta").longValue();
                if (delta >= 0 || !ignoreNegatives) {
                    sum[0] += delta;
                }
                r.reply("add_ok");
            });
            handlers.on("read", r -> r.reply(JsonNodeFactory.instance.objectNode().put("type", "read_ok")
                    .put("value", sum[0])));
        };
    }

    /** One node's set; with {@code dropEvery} n > 0, every nth add is acknowledged and never stored. */
    private static NodeLogic gSet(int dropEvery) {
        return (env, handlers) -> {
            Set<JsonNode> elements = new LinkedHashSet<>();
            long[] adds = {0};
            handlers.on("add", r -> {
                if (dropEvery == 0 || ++adds[0] % dropEvery != 0) {
                    elements.add(r.body().get("element"));
                }
                r.reply("add_ok");
            });
            handlers.on("read", r -> {
                ObjectNode body = JsonNodeFactory.instance.objectNode().put("type", "read_ok");
                ArrayNode value = body.putArray("value");
                elements.forEach(value::add);
                r.reply(body);
            });
        };
    }

    private RunConfig config(String workload, String bin, int nodes, long seed) {
        return RunConfig.defaults(workload, "maelstrom-bin/" + bin, nodes, Replay.seed(seed)).withTimeLimit(20)
                .withRate(50).withMode(RunConfig.Mode.SIM, results);
    }

    private static CheckResult check(RunResult r, String name) {
        return r.checks().stream().filter(c -> c.checker().equals(name)).findFirst().orElseThrow();
    }

    /**
     * Whether an op belongs to the final phase. Main-phase ops are invoked before the time
     * limit and end within a 5 s timeout; final ops come after a further 10 s wait.
     */
    private static boolean inFinalPhase(RunResult r, Op op) {
        return op.timeNanos() > (r.config().timeLimitSeconds() + 5) * 1_000_000_000L;
    }

    private static List<Op> mainInvokes(RunResult r, String f) {
        List<Op> ops = new ArrayList<>();
        for (Op op : r.history().ops()) {
            if (op.isClient() && op.isInvoke() && !inFinalPhase(r, op) && op.f().equals(f)) {
                ops.add(op);
            }
        }
        return ops;
    }

    /** The final phase's ops: one read per thread must be invoked there, and nothing else. */
    private static List<Op> finalReadCompletions(RunResult r, String replay) {
        List<Op> invokes = new ArrayList<>();
        List<Op> completions = new ArrayList<>();
        for (Op op : r.history().ops()) {
            if (op.isClient() && inFinalPhase(r, op)) {
                (op.isInvoke() ? invokes : completions).add(op);
                assertEquals("read", op.f(), op + "; " + replay);
            }
        }
        assertEquals(r.config().concurrency(), invokes.size(), "one final read per thread; " + replay);
        assertEquals(r.config().concurrency(), completions.size(), replay);
        return completions;
    }

    /** About rate × time ops, a fraction {@code readShare} of them reads. */
    private static void assertMix(RunResult r, double readShare, String replay) {
        int reads = mainInvokes(r, "read").size();
        int adds = mainInvokes(r, "add").size();
        int total = reads + adds;
        double expected = r.config().rate() * r.config().timeLimitSeconds();
        assertTrue(Math.abs(total - expected) < 0.15 * expected, total + " main-phase ops, expected about "
                + expected + "; " + replay);
        assertEquals(total + r.config().concurrency(), Reports.invocations(r.history().ops()),
                "adds and reads, then the final reads, nothing else; " + replay);
        double share = (double) reads / total;
        assertTrue(Math.abs(share - readShare) < 0.05, "read share " + share + ", expected " + readShare + "; " + replay);
    }

    private static long sumOfOkAdds(RunResult r) {
        List<Op> ops = r.history().ops();
        long sum = 0;
        for (Op op : ops) {
            if (op.isOk() && op.f().equals("add")) {
                sum += op.value().longValue();
            }
        }
        return sum;
    }

    private static void assertExactFinalReads(RunResult r, boolean markedFinal, String replay) {
        List<Op> finals = finalReadCompletions(r, replay);
        long sum = sumOfOkAdds(r);
        for (Op op : finals) {
            assertEquals(Op.Type.OK, op.type(), op + "; " + replay);
            assertEquals(markedFinal, op.finalRead(), op + "; " + replay);
            if (markedFinal) {
                assertEquals(sum, op.value().longValue(), "final read is the sum of the ok adds; " + replay);
            }
        }
    }

    @Test
    void gCounterOnOneCorrectNodeIsValidWithExactFinalReads() {
        RunResult r = Run.execute(config("g-counter", "sim-counter", 1, 51).withConcurrency(2), null);
        String replay = Replay.how("CountersAndGSetSimulationTest#gCounterOnOneCorrectNodeIsValidWithExactFinalReads",
                r.config());
        assertEquals(0, r.exitCode(), r.checks() + "; " + replay);
        assertMix(r, 2.0 / 3, replay);
        Set<Long> deltas = new TreeSet<>();
        mainInvokes(r, "add").forEach(op -> deltas.add(op.value().longValue()));
        assertEquals(Set.of(0L, 1L, 2L, 3L, 4L), deltas, "g_counter.clj keeps only 0..4; " + replay);
        assertExactFinalReads(r, true, replay);
        CheckResult counter = check(r, "counter");
        assertEquals(List.of(sumOfOkAdds(r), sumOfOkAdds(r)), counter.fields().get("final-reads"), replay);
        assertEquals(true, counter.extraFindings().get("final-reads-exact"), replay);
        assertEquals(sumOfOkAdds(r), counter.extraFindings().get("acknowledged-sum"), replay);
    }

    @Test
    void pnCounterOnOneCorrectNodeIsValidWithExactFinalReads() {
        RunResult r = Run.execute(config("pn-counter", "sim-counter", 1, 52).withConcurrency(2), null);
        String replay = Replay.how("CountersAndGSetSimulationTest#pnCounterOnOneCorrectNodeIsValidWithExactFinalReads",
                r.config());
        assertEquals(0, r.exitCode(), r.checks() + "; " + replay);
        assertMix(r, 0.5, replay);
        Set<Long> deltas = new TreeSet<>();
        mainInvokes(r, "add").forEach(op -> deltas.add(op.value().longValue()));
        assertEquals(Set.of(-5L, -4L, -3L, -2L, -1L, 0L, 1L, 2L, 3L, 4L), deltas, replay);
        assertExactFinalReads(r, true, replay);
        assertEquals(true, check(r, "counter").extraFindings().get("final-reads-exact"), replay);
    }

    @Test
    void gSetOnOneCorrectNodeIsValidAndEveryAddIsStable() {
        RunResult r = Run.execute(config("g-set", "sim-gset", 1, 53).withConcurrency(2), null);
        String replay = Replay.how("CountersAndGSetSimulationTest#gSetOnOneCorrectNodeIsValidAndEveryAddIsStable",
                r.config());
        assertEquals(0, r.exitCode(), r.checks() + "; " + replay);
        assertMix(r, 0.5, replay);
        List<Op> adds = mainInvokes(r, "add");
        for (int i = 0; i < adds.size(); i++) {
            assertEquals(i, adds.get(i).value().longValue(), "adds count up in emission order; " + replay);
        }
        assertExactFinalReads(r, false, replay);
        for (Op read : finalReadCompletions(r, replay)) {
            assertEquals(adds.size(), read.value().size(), "the final read holds every element; " + replay);
        }
        CheckResult setFull = check(r, "set-full");
        assertEquals((long) adds.size(), setFull.fields().get("stable-count"), replay);
        assertEquals(0L, setFull.fields().get("lost-count"), replay);
    }

    @Test
    void aCounterThatAcknowledgesNegativeDeltasAndIgnoresThemIsInvalid() {
        RunResult r = Run.execute(config("pn-counter", "sim-counter-ignoring-negatives", 1, 54), null);
        String replay = Replay.how(
                "CountersAndGSetSimulationTest#aCounterThatAcknowledgesNegativeDeltasAndIgnoresThemIsInvalid", r.config());
        assertEquals(1, r.exitCode(), replay);
        CheckResult counter = check(r, "counter");
        assertEquals(Validity.FALSE, counter.valid(), replay);
        assertEquals(false, counter.extraFindings().get("final-reads-exact"), replay);
        assertEquals(Validity.TRUE, check(r, "stats").valid(), "every op was acknowledged; " + replay);
    }

    @Test
    void countersThatNeverShareStateAreInvalidOnThreeNodes() {
        for (String workload : List.of("g-counter", "pn-counter")) {
            RunResult r = Run.execute(config(workload, "sim-counter", 3, 55).withRate(100), null);
            String replay = Replay.how("CountersAndGSetSimulationTest#countersThatNeverShareStateAreInvalidOnThreeNodes",
                    r.config());
            assertEquals(1, r.exitCode(), workload + "; " + replay);
            CheckResult counter = check(r, "counter");
            assertEquals(Validity.FALSE, counter.valid(), workload + "; " + replay);
            List<?> finalReads = (List<?>) counter.fields().get("final-reads");
            assertEquals(3, finalReads.size(), "one final read per node, each its own count; " + replay);
            assertEquals(3, new TreeSet<>(finalReads.stream().map(Long.class::cast).toList()).size(),
                    "three nodes, three different counts: " + finalReads + "; " + replay);
        }
    }

    @Test
    void aGSetThatDropsEveryTenthAddIsInvalidAndItsHistoryFileSaysSo() throws IOException {
        RunResult r = Run.execute(config("g-set", "sim-gset-dropping-every-10th", 1, 56), null);
        String replay = Replay.how(
                "CountersAndGSetSimulationTest#aGSetThatDropsEveryTenthAddIsInvalidAndItsHistoryFileSaysSo", r.config());
        assertEquals(1, r.exitCode(), replay);
        CheckResult setFull = check(r, "set-full");
        assertEquals(Validity.FALSE, setFull.valid(), replay);
        long adds = mainInvokes(r, "add").size();
        assertTrue(adds >= 100, replay);
        assertEquals(adds / 10, setFull.fields().get("lost-count"), "each dropped add is lost; " + replay);

        // The history the run writes judges the same when read back, as harness.jar check does.
        Reports.write(r);
        Path file = results.resolve(r.runName()).resolve(Reports.HISTORY_FILE);
        List<CheckResult> again = Checks.ofHistory(Workloads.create("g-set", new WorkloadOptions(List.of(), 1, "grid",
                Optional.empty(), 4, 16, "strict-serializable", 0)), HistoryFile.read(file), Optional.empty());
        assertEquals(r.verdict(), Checks.verdict(again), replay);
        CheckResult reread = again.get(again.size() - 1);
        assertEquals(setFull.fields().get("lost-count"), reread.fields().get("lost-count"), replay);
        assertEquals(setFull.fields().get("stable-latencies"), reread.fields().get("stable-latencies"), replay);
        assertFalse(again.stream().anyMatch(c -> c.checker().equals("net")), "net needs the journal; " + replay);
        assertNotEquals(0, r.history().size(), replay);
    }
}
