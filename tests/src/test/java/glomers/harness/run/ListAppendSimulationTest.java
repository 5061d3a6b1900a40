package glomers.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import glomers.harness.check.CheckResult;
import glomers.harness.check.ListAppendChecker;
import glomers.harness.check.Validity;
import glomers.harness.cluster.SimBinaries;
import glomers.harness.history.Op;
import glomers.harness.net.LatencyModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * txn-list-append end to end in the simulator, before the project's own node exists, on
 * test-only stores ({@link ListAppendStores}): the serial one must pass at the workload's
 * default, strict serializability, and each planted fault must fail under the anomaly's own
 * name. Every assertion prints the seed and replay command.
 */
class ListAppendSimulationTest {

    @TempDir
    Path results;

    @BeforeAll
    static void registerStores() {
        SimBinaries.register("sim-la-serial", ListAppendStores::serial);
        SimBinaries.register("sim-la-aborted-read", () -> ListAppendStores.abortedRead(7));
        SimBinaries.register("sim-la-duplicate-append", () -> ListAppendStores.duplicateAppend(10));
        SimBinaries.register("sim-la-async-replication", ListAppendStores::asyncReplication);
    }

    /** Maelstrom's corpus shape, scaled up in rate: 2n threads, 200 txns/s for 20 s. */
    private RunConfig config(String bin, int nodes, long seed) {
        return RunConfig.defaults("txn-list-append", "maelstrom-bin/" + bin, nodes, Replay.seed(seed)).withTimeLimit(20)
                .withRate(200).withConcurrency(2 * nodes).withMode(RunConfig.Mode.SIM, results);
    }

    private static String replay(String test, RunConfig c) {
        return Replay.how("ListAppendSimulationTest#" + test, c);
    }

    private static CheckResult check(RunResult r) {
        return r.checks().stream().filter(c -> c.checker().equals("txn-list-append")).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static List<String> types(CheckResult c) {
        return (List<String>) c.fields().get("anomaly-types");
    }

    private static String why(CheckResult c, String replay) {
        return c.fields().get("anomaly-types") + " " + c.extraFindings().get("first-case") + "; " + replay;
    }

    private static long count(RunResult r, Op.Type type) {
        return r.history().ops().stream().filter(op -> op.isClient() && op.type() == type).count();
    }

    @Test
    void aSerialStoreIsStrictSerializableOnOneNodeAndBehindForwardingWithPartitions() {
        for (int nodes : List.of(1, 2)) {
            RunConfig c = config("sim-la-serial", nodes, 81).withNemesis(nodes > 1, Optional.empty());
            RunResult r = Run.execute(c, null);
            String replay = replay("aSerialStoreIsStrictSerializableOnOneNodeAndBehindForwardingWithPartitions", c);
            CheckResult la = check(r);
            assertEquals(Validity.TRUE, la.valid(), why(la, replay));
            assertEquals(List.of(), types(la), why(la, replay));
            long oks = count(r, Op.Type.OK);
            assertTrue(oks > 1_500, "most of 200 txns/s for 20 s answered: " + oks + "; " + replay);
            assertTrue(r.history().ops().stream().anyMatch(op -> op.isOk()
                    && op.value().toString().matches(".*\\[\"r\",\\d+,\\[\\d+(,\\d+){3,}\\]\\].*")),
                    "reads see lists of several elements, so orders are inferred; " + replay);
        }
    }

    @Test
    void aStoreThatRefusesTxnsItAppliedIsG1aWithDirtyUpdates() {
        RunConfig c = config("sim-la-aborted-read", 2, 82).withConsistencyModels("read-committed");
        RunResult r = Run.execute(c, null);
        String replay = replay("aStoreThatRefusesTxnsItAppliedIsG1aWithDirtyUpdates", c);
        CheckResult la = check(r);
        assertEquals(1, r.exitCode(), replay);
        assertEquals(List.of("G1a", "dirty-update"), types(la), why(la, replay));
        assertEquals(Validity.TRUE, new ListAppendChecker("read-uncommitted").check(r.history(), r.facts()).valid(),
                "read uncommitted allows both; " + replay);
    }

    @Test
    void aStoreThatStoresSomeAppendsTwiceShowsDuplicateElements() {
        RunConfig c = config("sim-la-duplicate-append", 2, 83);
        RunResult r = Run.execute(c, null);
        String replay = replay("aStoreThatStoresSomeAppendsTwiceShowsDuplicateElements", c);
        CheckResult la = check(r);
        assertEquals(1, r.exitCode(), replay);
        assertTrue(types(la).contains("duplicate-elements"), why(la, replay));
    }

    @Test
    void nodesWithTheirOwnStoresReplicatingAsynchronouslyAreCaughtByName() {
        // Real Maelstrom at --latency 0 still lets real time pass between a reply and the replication
        // that follows it; the simulator's virtual time does not, so give messages a 10 ms mean latency.
        RunConfig c = config("sim-la-async-replication", 2, 84).withLatency(LatencyModel.parse("exponential", 10));
        RunResult r = Run.execute(c, null);
        String replay = replay("nodesWithTheirOwnStoresReplicatingAsynchronouslyAreCaughtByName", c);
        CheckResult la = check(r);
        assertEquals(1, r.exitCode(), replay);
        List<String> found = types(la);
        assertTrue(found.contains("lost-update"), "two nodes append after reading the same list: " + why(la, replay));
        assertTrue(found.contains("incompatible-order"), "the nodes order one key's appends differently: "
                + why(la, replay));
        assertTrue(found.stream().anyMatch(t -> t.startsWith("G-single-item") || t.startsWith("G2-item")),
                why(la, replay));
        assertEquals(Validity.FALSE, new ListAppendChecker("read-committed").check(r.history(), r.facts()).valid(),
                "incompatible orders are beyond read committed too; " + replay);
    }
}
