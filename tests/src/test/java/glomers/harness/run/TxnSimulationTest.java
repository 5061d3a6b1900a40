package glomers.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import glomers.harness.check.CheckResult;
import glomers.harness.check.RwRegisterChecker;
import glomers.harness.check.Validity;
import glomers.harness.cluster.SimBinaries;
import glomers.harness.history.Op;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * txn-rw-register end to end in the simulator on test-only stores ({@link TxnStores}): the
 * correct one must pass under read committed and strict serializability, and each planted fault
 * must fail under the anomaly's own name. Every assertion prints the seed and replay command.
 */
class TxnSimulationTest {

    @TempDir
    Path results;

    @BeforeAll
    static void registerStores() {
        SimBinaries.register("sim-txn-serial", TxnStores::serial);
        SimBinaries.register("sim-txn-aborted-read", () -> TxnStores.abortedRead(7));
        SimBinaries.register("sim-txn-intermediate-write", TxnStores::intermediateWrite);
        SimBinaries.register("sim-txn-dirty-batches", () -> TxnStores.dirtyBatches(5));
        SimBinaries.register("sim-txn-lww", () -> TxnStores.lastWriterWins(100));
    }

    /** Maelstrom's 6b/6c shape, scaled down: two nodes, 2n threads, 200 txns/s for 20 s. */
    private RunConfig config(String bin, long seed) {
        return RunConfig.defaults("txn-rw-register", "maelstrom-bin/" + bin, 2, Replay.seed(seed)).withTimeLimit(20)
                .withRate(200).withConcurrency(4).withMode(RunConfig.Mode.SIM, results);
    }

    private static CheckResult txnCheck(RunResult r) {
        return r.checks().stream().filter(c -> c.checker().equals("txn-rw-register")).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static List<String> types(CheckResult c) {
        return (List<String>) c.fields().get("anomaly-types");
    }

    private static String why(CheckResult c, String replay) {
        return c.fields().get("anomaly-types") + " " + c.extraFindings() + "; " + replay;
    }

    private static long count(RunResult r, Op.Type type) {
        return r.history().ops().stream().filter(op -> op.isClient() && op.type() == type).count();
    }

    @Test
    void aSerialStoreIsValidUnderReadCommittedAndStrictSerializability() {
        for (String models : List.of("read-committed", "strict-serializable")) {
            RunConfig c = config("sim-txn-serial", 71).withConsistencyModels(models)
                    .withNemesis(false, java.util.Optional.of("total"));
            RunResult r = Run.execute(c, null);
            String replay = Replay.how("TxnSimulationTest#aSerialStoreIsValidUnderReadCommittedAndStrictSerializability", c);
            CheckResult txn = txnCheck(r);
            assertEquals(0, r.exitCode(), r.checks() + "; " + replay);
            assertEquals(List.of(), types(txn), why(txn, replay));
            assertEquals(Map.of(), txn.extraFindings().get("allowed-anomaly-types"),
                    "a serial store shows nothing even the models allow; " + replay);
            long oks = count(r, Op.Type.OK);
            assertTrue(oks > 3_000, "about 200 txns/s for 20 s, all ok: " + oks + "; " + replay);
        }
    }

    @Test
    void aStoreThatRefusesTxnsItAppliedIsG1a() {
        RunConfig c = config("sim-txn-aborted-read", 72).withConsistencyModels("read-committed");
        RunResult r = Run.execute(c, null);
        String replay = Replay.how("TxnSimulationTest#aStoreThatRefusesTxnsItAppliedIsG1a", c);
        CheckResult txn = txnCheck(r);
        assertEquals(1, r.exitCode(), replay);
        assertEquals(List.of("G1a"), types(txn), why(txn, replay));
        long fails = count(r, Op.Type.FAIL);
        assertTrue(Math.abs(fails - count(r, Op.Type.INVOKE) / 7.0) < 2, "every 7th txn fails: " + fails + "; " + replay);
        assertEquals(Validity.TRUE, new RwRegisterChecker("read-uncommitted").check(r.history(), r.facts()).valid(),
                "read uncommitted allows aborted reads; " + replay);
    }

    @Test
    void aStoreThatKeepsATxnsFirstOfTwoWritesIsG1b() {
        RunConfig c = config("sim-txn-intermediate-write", 73).withConsistencyModels("read-committed");
        RunResult r = Run.execute(c, null);
        String replay = Replay.how("TxnSimulationTest#aStoreThatKeepsATxnsFirstOfTwoWritesIsG1b", c);
        CheckResult txn = txnCheck(r);
        assertEquals(1, r.exitCode(), replay);
        assertEquals(List.of("G1b"), types(txn), why(txn, replay));
    }

    @Test
    void aStoreThatLetsBatchedTxnsReadEachOthersWritesIsG1c() {
        RunConfig c = config("sim-txn-dirty-batches", 74).withConsistencyModels("read-committed");
        RunResult r = Run.execute(c, null);
        String replay = Replay.how("TxnSimulationTest#aStoreThatLetsBatchedTxnsReadEachOthersWritesIsG1c", c);
        CheckResult txn = txnCheck(r);
        assertEquals(1, r.exitCode(), replay);
        assertTrue(types(txn).contains("G1c"), why(txn, replay));
    }

    @Test
    void aTotallyAvailableLastWriterWinsStoreIsReadCommittedButNotStrictSerializable() {
        RunConfig c = config("sim-txn-lww", 75).withNemesis(false, java.util.Optional.of("total"));
        RunResult r = Run.execute(c, null);
        String replay = Replay.how(
                "TxnSimulationTest#aTotallyAvailableLastWriterWinsStoreIsReadCommittedButNotStrictSerializable", c);
        CheckResult strict = txnCheck(r);
        assertEquals(1, r.exitCode(), "strict-serializable by default; " + replay);
        assertEquals(Validity.TRUE, r.checks().stream().filter(x -> x.checker().equals("availability")).findFirst()
                .orElseThrow().valid(), "every txn answered at once; " + replay);
        List<String> found = types(strict);
        assertTrue(found.contains("lost-update"), why(strict, replay));
        assertTrue(found.stream().anyMatch(t -> t.startsWith("G2") || t.startsWith("G-single")), why(strict, replay));
        assertTrue(found.stream().anyMatch(t -> t.endsWith("-realtime")),
                "a txn invoked after a write completed elsewhere can miss it: " + why(strict, replay));
        CheckResult rc = new RwRegisterChecker("read-committed").check(r.history(), r.facts());
        assertEquals(Validity.TRUE, rc.valid(), "no dirty or circular reads: " + why(rc, replay));
    }
}
