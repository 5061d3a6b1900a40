package glomers.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import glomers.harness.cluster.SimBinaries;
import glomers.harness.check.Validity;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The convergence phase of the transaction workloads (beyond Maelstrom): a planted store that
 * never replicates passes Maelstrom's rules at challenge 6c's flags and fails this check by name;
 * the real stores converge; and the phase changes neither the history nor the message counts
 * Maelstrom's checkers see.
 */
class ConvergenceSimulationTest {

    @TempDir
    Path results;

    @BeforeAll
    static void registerBrokenNodes() {
        SimBinaries.register("sim-txn-never-replicates", glomers.txn.BrokenTxnNodes::neverReplicates);
    }

    /** Challenge 6c's row in run-scripts/challenges.tsv, with another time limit. */
    private RunConfig sixC(String bin, int nodes, long seed, long seconds) {
        return RunConfig.defaults("txn-rw-register", bin, nodes, seed)
                .withMode(RunConfig.Mode.SIM, results).withTimeLimit(seconds).withRate(1000).withConcurrency(2 * nodes)
                .withConsistencyModels("read-committed").withNemesis(true, Optional.of("total"));
    }

    @Test
    void aStoreThatNeverReplicatesPassesMaelstromsRulesAndFailsConvergenceByName() {
        RunConfig c = sixC("maelstrom-bin/sim-txn-never-replicates", 2, Replay.seed(1), 20);
        RunResult r = Run.execute(c, null);
        String replay = Replay.how("ConvergenceSimulationTest#aStoreThatNeverReplicatesPassesMaelstromsRulesAndFailsConvergenceByName", c);
        assertEquals(Validity.TRUE, r.verdict(), "Maelstrom's verdict; " + replay);
        assertEquals(1.0, Reports.okFraction(r.history().ops()), "availability total; " + replay);
        assertEquals(0, r.facts().servers().msgCount(), "no server message at all; " + replay);
        ConvergenceReport conv = r.convergence();
        assertNotNull(conv, replay);
        assertFalse(conv.converged(), replay);
        assertEquals(List.of("n0", "n1"), conv.answered(), "both nodes answered; " + replay);
        assertTrue(conv.disagreements().size() > conv.keys().size() / 2,
                conv.disagreements().size() + " of " + conv.keys().size() + " keys differ; " + replay);
        assertTrue(conv.summary().startsWith("FAILED (n0 and n1 disagree on " + conv.disagreements().size() + " of "),
                conv.summary());
        assertEquals(1, r.exitCode(), "a run that does not converge exits 1; " + replay);
        System.out.println("never-replicating store at 6c's flags, seed " + c.seed() + ": verdict " + r.verdictText()
                + ", convergence " + conv.summary());
        assertEquals("valid", r.verdictText(), "while its verdict stays Maelstrom's; " + replay);
        // Each disagreement names every node's value, and they differ.
        conv.disagreements().values().forEach(byNode -> {
            assertEquals(List.of("n0", "n1"), List.copyOf(byNode.keySet()));
            assertFalse(String.valueOf(byNode.get("n0")).equals(String.valueOf(byNode.get("n1"))));
        });
    }

    @Test
    void withoutTheCheckTheSameStoreExitsAsMaelstromWould() {
        RunConfig c = sixC("maelstrom-bin/sim-txn-never-replicates", 2, Replay.seed(1), 5).withConvergence(false, 10);
        RunResult r = Run.execute(c, null);
        assertNull(r.convergence());
        assertEquals(0, r.exitCode(), Replay.how("ConvergenceSimulationTest#withoutTheCheckTheSameStoreExitsAsMaelstromWould", c));
    }

    /**
     * The phase is after the history and outside the net journal: a run with it and without it
     * has the same history, hash and message counts, and the phase's own messages are reported
     * apart (the reads: one request and one reply per batch per node).
     */
    @Test
    void thePhaseChangesNeitherTheHistoryNorMaelstromsMessageCounts() {
        RunConfig with = sixC("maelstrom-bin/txn", 2, Replay.seed(3), 5);
        RunResult a = Run.execute(with, null);
        RunResult b = Run.execute(with.withConvergence(false, 10), null);
        String replay = Replay.how("ConvergenceSimulationTest#thePhaseChangesNeitherTheHistoryNorMaelstromsMessageCounts", with);
        assertEquals(b.historyHash(), a.historyHash(), replay);
        assertEquals(b.facts(), a.facts(), "net counts; " + replay);
        assertEquals(b.serverMessagesByType(), a.serverMessagesByType(), replay);
        ConvergenceReport conv = a.convergence();
        assertTrue(conv.converged(), conv.summary() + "; " + replay);
        assertEquals(2 * conv.requests(), conv.messages().get("clients").msgCount(), "a request and a reply each; " + replay);
        assertTrue(conv.messages().get("servers").msgCount() > 0, "the settle's gossip counts apart; " + replay);
    }

    /**
     * The real stores at the challenge rows' flags (5 s rather than 20) converge, 2 and 5 nodes,
     * both workloads, each mode. Many more seeds converge in TxnNodeSimulationTest (mode=available,
     * 50 seeds) and SerializableTxnSimulationTest (strict, 50 seeds under faults, 50 with crashes).
     */
    @ParameterizedTest(name = "{0} {1} nodes={2} seed={3}")
    @CsvSource({
        "txn-rw-register, mode=available, 2, 1",
        "txn-rw-register, mode=available, 5, 1",
        "txn-rw-register, mode=strict, 2, 1",
        "txn-rw-register, mode=serializable, 5, 2",
        "txn-list-append, mode=strict, 2, 1",
        "txn-list-append, mode=strict, 5, 2",
    })
    void theRealStoresConverge(String workload, String mode, int nodes, long seed) {
        boolean lists = workload.equals("txn-list-append");
        RunConfig c = RunConfig.defaults(workload, lists ? "maelstrom-bin/txn-list-append" : "maelstrom-bin/txn", nodes,
                        Replay.seed(seed))
                .withMode(RunConfig.Mode.SIM, results).withTimeLimit(5).withRate(1000).withConcurrency(2 * nodes)
                .withConsistencyModels(mode.equals("mode=available") ? "read-committed" : "serializable")
                .withNemesis(true, Optional.empty()).withNodeArgs(List.of(mode));
        RunResult r = Run.execute(c, null);
        String replay = Replay.how("ConvergenceSimulationTest#theRealStoresConverge", c);
        ConvergenceReport conv = r.convergence();
        assertEquals(Validity.TRUE, r.verdict(), replay);
        assertTrue(conv.converged(), conv.summary() + " " + conv.disagreements().entrySet().stream().limit(3).toList()
                + " " + conv.unanswered() + "; " + replay);
        assertEquals(nodes, conv.answered().size(), replay);
        assertTrue(conv.keys().size() > 100, conv.keys().size() + " keys; " + replay);
        assertEquals(0, r.exitCode(), replay);
    }
}
