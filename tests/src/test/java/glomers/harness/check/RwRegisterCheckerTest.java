package glomers.harness.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each anomaly Elle's rw-register computes, planted in a hand-written history, found under its
 * name, and judged by the models as Maelstrom judges it.
 */
class RwRegisterCheckerTest {

    private final Hist h = new Hist();
    private long process;

    /** One txn on its own process, invoked with nil reads and completed ok as {@code returned}. */
    private RwRegisterCheckerTest txn(String returned) {
        h.okOp(process++, "txn", returned.replaceAll("\\[\"r\",(\"?\\w+\"?),[^\\]]+\\]", "[\"r\",$1,null]"), returned);
        return this;
    }

    private CheckResult check(String models) {
        return new RwRegisterChecker(models).check(h.history, Hist.NO_FACTS);
    }

    @SuppressWarnings("unchecked")
    private static List<String> types(CheckResult r) {
        return (List<String>) r.fields().get("anomaly-types");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Integer> allowed(CheckResult r) {
        return (Map<String, Integer>) r.extraFindings().get("allowed-anomaly-types");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> cases(CheckResult r, String type) {
        return (List<Map<String, Object>>) ((Map<String, Object>) r.fields().get("anomalies")).get(type);
    }

    @Test
    void aReadOfAFailedTxnsWriteIsG1aAndReadCommittedForbidsIt() {
        h.invoke(0, "txn", "[[\"w\",1,1]]").fail(0, "txn", "[[\"w\",1,1]]");
        process = 1;
        txn("[[\"r\",1,1],[\"w\",2,1]]").txn("[[\"r\",2,1]]");
        CheckResult r = check("read-committed");
        assertEquals(Validity.FALSE, r.valid());
        assertEquals(List.of("G1a"), types(r));
        Map<String, Object> c = cases(r, "G1a").get(0);
        assertEquals(1, ((JsonNode) c.get("writer")).path("index").asInt());
        assertEquals("fail", ((JsonNode) c.get("writer")).path("type").asText());
        assertEquals("[\"r\",1,1]", c.get("mop").toString());
        assertEquals(java.util.Set.of("read-committed"), r.fields().get("not"));
        assertEquals(Map.of("G1a", "op 3 read [\"r\",1,1], written by op 1, which failed"),
                r.extraFindings().get("first-case"));
        assertEquals(Validity.TRUE, check("read-uncommitted").valid(), "read uncommitted allows aborted reads");
    }

    @Test
    void aReadOfAnotherTxnsOverwrittenWriteIsG1b() {
        // The third txn's read of the final write gives the graph its one edge: a graph with
        // none would fail on its own (empty-transaction-graph).
        txn("[[\"w\",1,1],[\"w\",1,2]]").txn("[[\"r\",1,1]]").txn("[[\"r\",1,2]]");
        CheckResult r = check("read-committed");
        assertEquals(List.of("G1b"), types(r));
        assertEquals(Validity.TRUE, check("read-uncommitted").valid());
    }

    @Test
    void aTxnReadingItsOwnOverwrittenWriteIsNoG1b() {
        txn("[[\"w\",1,1],[\"r\",1,1],[\"w\",1,2]]").txn("[[\"r\",1,2]]");
        assertEquals(Validity.TRUE, check("read-committed").valid());
    }

    @Test
    @SuppressWarnings("unchecked")
    void twoTxnsEachReadingTheOthersWriteAreG1cWithItsExplanation() {
        txn("[[\"w\",1,1],[\"r\",2,1]]").txn("[[\"w\",2,1],[\"r\",1,1]]");
        CheckResult r = check("read-committed");
        assertEquals(List.of("G1c"), types(r));
        String text = (String) cases(r, "G1c").get(0).get("explanation");
        assertTrue(text.contains("T1 < T2, because T1 wrote 1 = 1, which was read by T2."), text);
        assertTrue(text.contains("However, T2 < T1, because T2 wrote 2 = 1, which was read by T1: a contradiction!"),
                text);
        String line = ((Map<String, String>) r.extraFindings().get("first-case")).get("G1c");
        assertTrue(line.startsWith("Let: T1 = {\"index\":1,") && !line.contains("\n"), line);
    }

    @Test
    void aWriteCycleShowsAsPl1CycleExistsAndFailsReadUncommitted() {
        // Each txn read the other's write of one key and overwrote it: ww both ways, each ww
        // edge also a wr edge, so Elle names the cycle G1c and proves PL-1 cycles exist.
        txn("[[\"r\",2,1],[\"w\",1,1],[\"w\",2,2]]").txn("[[\"r\",1,1],[\"w\",1,2],[\"w\",2,1]]");
        CheckResult ru = check("read-uncommitted");
        assertEquals(Validity.FALSE, ru.valid());
        assertEquals(List.of("PL-1-cycle-exists"), types(ru));
        assertEquals(Map.of("G1c", 1), allowed(ru));
        assertEquals(List.of("G1c", "PL-1-cycle-exists"), types(check("read-committed")));
    }

    @Test
    void versionsThatGoRoundInACircleAreCyclicVersions() {
        txn("[[\"r\",1,1],[\"w\",1,2]]").txn("[[\"r\",1,2],[\"w\",1,1]]");
        CheckResult r = check("read-uncommitted");
        assertEquals(List.of("cyclic-versions"), types(r));
        Map<String, Object> c = cases(r, "cyclic-versions").get(0);
        assertEquals(List.of("initial-state", "wfr-keys"), c.get("sources"));
        assertEquals(2, ((List<?>) c.get("scc")).size());
    }

    @Test
    void aReadOfItsOwnWriteThatSeesSomethingElseIsInternalWhichOnlyTheStrongerModelsForbid() {
        txn("[[\"w\",1,1],[\"r\",1,2]]").txn("[[\"r\",1,1]]");
        assertEquals(Map.of("internal", 1), allowed(check("read-committed")));
        assertEquals(Validity.TRUE, check("read-committed").valid());
        assertTrue(types(check("serializable")).contains("internal"));
    }

    @Test
    void twoTxnsOverwritingTheSameReadAreALostUpdateForbiddenOnlyAboveReadCommitted() {
        txn("[[\"w\",1,1]]").txn("[[\"r\",1,1],[\"w\",1,2]]").txn("[[\"r\",1,1],[\"w\",1,3]]");
        CheckResult rc = check("read-committed");
        assertEquals(Validity.TRUE, rc.valid());
        assertEquals(1, allowed(rc).get("lost-update"));
        CheckResult ser = check("serializable");
        assertTrue(types(ser).contains("lost-update"), types(ser).toString());
        assertEquals(2, ((List<?>) cases(ser, "lost-update").get(0).get("txns")).size());
    }

    @Test
    void readSkewIsGSingleItem() {
        txn("[[\"w\",1,1],[\"w\",2,1]]").txn("[[\"r\",1,null],[\"r\",2,1]]");
        assertEquals(List.of("G-single-item"), types(check("serializable")));
        assertEquals(Validity.TRUE, check("read-committed").valid());
    }

    @Test
    void aStaleReadAfterTheWriteCompletedIsGSingleItemRealtimeOnlyUnderStrictSerializability() {
        h.at(0).okOp(0, "txn", "[[\"w\",1,1],[\"w\",2,1]]", "[[\"w\",1,1],[\"w\",2,1]]");
        h.at(10).okOp(1, "txn", "[[\"r\",1,null]]", "[[\"r\",1,null]]");
        h.at(20).okOp(2, "txn", "[[\"r\",2,null]]", "[[\"r\",2,1]]");
        assertEquals(Validity.TRUE, check("serializable").valid());
        CheckResult strict = check("strict-serializable");
        assertEquals(List.of("G-single-item-realtime"), types(strict));
        String text = (String) cases(strict, "G-single-item-realtime").get(0).get("explanation");
        assertTrue(text.contains("completed at index 1,"), text);
    }

    @Test
    void aSearchOutOfStepsIsReportedBesideTheVerdictNeverInIt() {
        txn("[[\"w\",1,1],[\"r\",2,1]]").txn("[[\"w\",2,1],[\"r\",1,1]]");
        CheckResult r = new RwRegisterChecker("read-committed", 1).check(h.history, Hist.NO_FACTS);
        assertTrue(r.extraFindings().containsKey("cycle-search-timeout"), r.extraFindings().toString());
        assertTrue(!types(r).contains("cycle-search-timeout"), types(r).toString());
        assertEquals(List.of("PL-2-cycle-exists"), types(r), "the existence proof survives the timeout, as in Elle");
    }

    @Test
    void aHistoryWithNoDependencyAtAllFailsEvenAtReadUncommitted() {
        txn("[[\"w\",1,1]]");
        CheckResult r = check("read-uncommitted");
        assertEquals(Validity.FALSE, r.valid());
        assertEquals(List.of("empty-transaction-graph"), types(r));
    }

    @Test
    void readsOfObjectsMatchNoWriteSoOnlyAntiDependenciesAndInternalReadsComeOfThem() {
        // txn-peerA-6b-ru's node answered reads with {}: no wr edge, no ww edge, so no G0 or
        // PL-1 cycle can form, and read uncommitted holds; the stronger models do not.
        txn("[[\"w\",1,1],[\"r\",1,{}]]").txn("[[\"r\",1,{}],[\"w\",1,2]]").txn("[[\"r\",1,{}],[\"w\",1,3]]");
        CheckResult ru = check("read-uncommitted");
        assertEquals(Validity.TRUE, ru.valid());
        assertEquals(List.of(), types(ru));
        assertNull(ru.fields().get("anomalies"));
        assertTrue(allowed(ru).containsKey("internal") && allowed(ru).containsKey("lost-update"), allowed(ru).toString());
        assertEquals(Validity.FALSE, check("serializable").valid());
    }

    @Test
    void aValueWrittenByTwoTxnsAndReadCannotBeAnalysed() {
        txn("[[\"w\",1,1]]").txn("[[\"w\",1,1]]").txn("[[\"r\",1,1]]");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> check("read-committed"));
        assertTrue(e.getMessage().contains("written by more than one op"), e.getMessage());
    }

    @Test
    void keysOfTwoTypesTripEllesSanityCheck() {
        txn("[[\"w\",1,1]]").txn("[[\"r\",\"1\",1]]");
        assertThrows(IllegalStateException.class, () -> check("read-committed"));
    }

    @Test
    void anUnknownModelThrowsSoTheVerdictIsUnknown() {
        txn("[[\"w\",1,1]]").txn("[[\"r\",1,1]]");
        assertThrows(IllegalArgumentException.class, () -> check("read-committed,serializable"));
    }

    @Test
    void theResultSaysWhichProhibitedClassesItLookedForAndWhichItCannotSee() {
        txn("[[\"w\",1,1]]").txn("[[\"r\",1,1]]");
        CheckResult r = check("read-committed");
        assertEquals(Validity.TRUE, r.valid());
        assertEquals(java.util.Set.of("G0", "G1a", "G1b", "G1c", "PL-1-cycle-exists", "PL-2-cycle-exists",
                "cyclic-versions"), r.extraFindings().get("checked"));
        assertEquals(java.util.Set.of("G1", "dirty-update", "duplicate-elements", "future-read", "incompatible-order"),
                r.extraFindings().get("not-checked"));
    }
}
