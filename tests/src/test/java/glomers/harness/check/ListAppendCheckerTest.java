package glomers.harness.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each anomaly Elle's list-append check names, planted in a small hand-written history and found
 * under that name, judged by the models as Elle judges it. Keys and elements are integers, as
 * Maelstrom's generator makes them; txns run one after another unless a test says otherwise.
 */
class ListAppendCheckerTest {

    private final Hist h = new Hist();
    private long process;
    private long ms;

    /** One txn on its own process, invoked with nil reads and completed ok as {@code returned}. */
    private ListAppendCheckerTest txn(String returned) {
        return txnOn(process++, returned);
    }

    private ListAppendCheckerTest txnOn(long p, String returned) {
        h.at(ms++).invoke(p, "txn", invoked(returned));
        h.at(ms++).ok(p, "txn", returned);
        return this;
    }

    /** Two txns on their own processes, both invoked before either completes: no order between them. */
    private ListAppendCheckerTest concurrently(String returnedA, String returnedB) {
        long a = process++;
        long b = process++;
        h.at(ms++).invoke(a, "txn", invoked(returnedA)).invoke(b, "txn", invoked(returnedB));
        h.at(ms++).ok(a, "txn", returnedA).ok(b, "txn", returnedB);
        return this;
    }

    private static String invoked(String returned) {
        ArrayNode txn = (ArrayNode) Hist.json(returned);
        for (JsonNode mop : txn) {
            if (mop.get(0).asText().equals("r")) {
                ((ArrayNode) mop).set(2, NullNode.getInstance());
            }
        }
        return txn.toString();
    }

    /** Two txns whose only link is one wr edge on key 99, so the graph is never empty. */
    private ListAppendCheckerTest edge() {
        return txn("[[\"append\",99,1]]").txn("[[\"r\",99,[1]]]");
    }

    private CheckResult check(String models) {
        return new ListAppendChecker(models).check(h.history, Hist.NO_FACTS);
    }

    @SuppressWarnings("unchecked")
    private static List<String> types(CheckResult r) {
        return (List<String>) r.fields().get("anomaly-types");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> cases(CheckResult r, String type) {
        return (List<Map<String, Object>>) ((Map<String, Object>) r.fields().get("anomalies")).get(type);
    }

    private static String explanation(CheckResult r, String type) {
        return (String) cases(r, type).get(0).get("explanation");
    }

    @Test
    void aSerialHistoryIsStrictSerializable() {
        txn("[[\"append\",1,1]]").txn("[[\"r\",1,[1]],[\"append\",1,2]]").txn("[[\"r\",1,[1,2]],[\"r\",2,null]]");
        CheckResult r = check("strict-serializable");
        assertEquals(Validity.TRUE, r.valid(), String.valueOf(r.fields()));
        assertEquals(List.of(), types(r));
        assertEquals(Map.of(), r.extraFindings().get("allowed-anomaly-types"));
        assertTrue(((Set<?>) r.extraFindings().get("checked")).containsAll(List.of("G1c-realtime", "G2-item",
                "lost-update", "dirty-update", "incompatible-order")), "what strict-serializable checks");
        assertTrue((double) r.extraFindings().get("checker-seconds") >= 0);
    }

    @Test
    void twoTxnsAppendingToTwoKeysInOppositeOrdersAreG0() {
        // Concurrent, so only the appends order them: key 1 gets T1's then T2's, key 2 the other way round.
        concurrently("[[\"append\",1,1],[\"append\",2,2]]", "[[\"append\",1,2],[\"append\",2,1]]");
        txn("[[\"r\",1,[1,2]],[\"r\",2,[1,2]]]");
        CheckResult r = check("serializable");
        assertEquals(Validity.FALSE, r.valid());
        assertEquals(List.of("G0"), types(r));
        String why = explanation(r, "G0");
        assertTrue(why.contains("T2 appended 2 after T1 appended 1 to 1") && why.contains("a contradiction"), why);
        assertEquals(Set.of("read-uncommitted"), r.fields().get("not"));
    }

    @Test
    void twoTxnsEachReadingTheOthersAppendAreG1c() {
        concurrently("[[\"append\",1,1],[\"r\",2,[1]]]", "[[\"append\",2,1],[\"r\",1,[1]]]");
        CheckResult r = check("serializable");
        assertEquals(List.of("G1c"), types(r));
        assertTrue(explanation(r, "G1c").contains("observed T"), explanation(r, "G1c"));
        assertEquals(Validity.TRUE, check("read-uncommitted").valid(), "read uncommitted allows G1c");
    }

    @Test
    void aReadSkewIsGSingleItem() {
        // T2 appends to 1 and 3; T1 misses its append to 1 but sees its append to 3.
        concurrently("[[\"r\",1,null],[\"r\",3,[1]]]", "[[\"append\",1,1],[\"append\",3,1]]");
        CheckResult r = check("serializable");
        assertEquals(List.of("G-single-item"), types(r));
        String why = explanation(r, "G-single-item");
        assertTrue(why.contains("observed the initial (nil) state of 1, which T2 created by appending 1"), why);
        assertEquals(Validity.FALSE, check("snapshot-isolation").valid(), "snapshot isolation forbids read skew");
    }

    @Test
    void aWriteSkewIsG2ItemWhichSnapshotIsolationAllows() {
        concurrently("[[\"r\",1,null],[\"append\",2,1]]", "[[\"r\",2,null],[\"append\",1,1]]");
        CheckResult r = check("serializable");
        assertEquals(Validity.FALSE, r.valid());
        assertEquals(List.of("G2-item"), types(r));
        assertEquals(Set.of("repeatable-read"), r.fields().get("not"));
        assertEquals(Validity.TRUE, check("snapshot-isolation").valid(), "snapshot isolation allows write skew");
    }

    @Test
    void aStaleReadAfterACompletedAppendIsGSingleItemRealtimeUnderStrictSerializability() {
        txn("[[\"append\",1,1]]").txn("[[\"r\",1,null]]").txn("[[\"r\",1,[1]]]");
        CheckResult strict = check("strict-serializable");
        assertEquals(List.of("G-single-item-realtime"), types(strict));
        assertTrue(explanation(strict, "G-single-item-realtime").contains("completed at index"),
                explanation(strict, "G-single-item-realtime"));
        assertEquals(Validity.TRUE, check("serializable").valid(), "without real time the read may come first");
    }

    @Test
    void theSameStaleReadByOneProcessIsGSingleItemProcessUnderStrongSessionSerializability() {
        txnOn(0, "[[\"append\",1,1]]").txnOn(0, "[[\"r\",1,null]]").txnOn(1, "[[\"r\",1,[1]]]");
        assertEquals(List.of("G-single-item-process"), types(check("strong-session-serializable")));
    }

    @Test
    void aReadOfAFailedTxnsAppendIsG1a() {
        h.at(ms++).invoke(process, "txn", "[[\"append\",1,1]]");
        h.at(ms++).fail(process++, "txn", "[[\"append\",1,1]]");
        txn("[[\"r\",1,[1]]]").edge();
        CheckResult r = check("read-committed");
        assertEquals(List.of("G1a"), types(r));
        Map<String, Object> c = cases(r, "G1a").get(0);
        assertEquals("fail", ((JsonNode) c.get("writer")).path("type").asText());
        assertEquals(1, ((JsonNode) c.get("element")).asInt());
        assertEquals(Validity.TRUE, check("read-uncommitted").valid());
    }

    @Test
    void anOkAppendOrderedAfterAFailedOneIsADirtyUpdate() {
        h.at(ms++).invoke(process, "txn", "[[\"append\",1,1]]");
        h.at(ms++).fail(process++, "txn", "[[\"append\",1,1]]");
        txn("[[\"append\",1,2]]").txn("[[\"r\",1,[1,2]]]");
        CheckResult r = check("read-committed");
        assertEquals(List.of("G1a", "dirty-update"), types(r));
        Map<String, Object> c = cases(r, "dirty-update").get(0);
        assertEquals("[1, 2]", c.get("values").toString());
        assertEquals(Set.of("read-committed"), r.fields().get("not"));
    }

    @Test
    void aReadEndingInAnotherTxnsNonFinalAppendIsG1b() {
        txn("[[\"append\",1,1],[\"append\",1,2]]").txn("[[\"r\",1,[1]]]");
        CheckResult r = check("read-committed");
        assertEquals(List.of("G1b"), types(r));
        assertEquals(1, ((JsonNode) cases(r, "G1b").get(0).get("element")).asInt());
    }

    @Test
    void aTxnReadingItsOwnNonFinalAppendIsNoG1b() {
        txn("[[\"append\",1,1],[\"r\",1,[1]],[\"append\",1,2]]").txn("[[\"r\",1,[1,2]]]");
        assertEquals(Validity.TRUE, check("read-committed").valid());
    }

    @Test
    void aTxnThatLosesItsOwnAppendIsInternallyInconsistent() {
        txn("[[\"r\",1,null],[\"append\",1,1],[\"r\",1,null]]").edge();
        CheckResult r = check("strict-serializable");
        assertEquals(List.of("internal"), types(r));
        assertEquals("[1]", cases(r, "internal").get(0).get("expected").toString());
        assertEquals(Validity.TRUE, check("read-committed").valid(), "read committed allows it, as Elle's table says");
    }

    @Test
    void aReadNotEndingInTheTxnsOwnAppendsIsInternalWithAnUnknownPrefix() {
        txn("[[\"append\",2,5]]").txn("[[\"append\",1,1],[\"r\",1,[2]]]").txn("[[\"append\",1,2]]")
                .txn("[[\"r\",1,[2]]]");
        CheckResult r = check("serializable");
        assertTrue(types(r).contains("internal"), String.valueOf(types(r)));
        assertEquals("[\"...\",1]", cases(r, "internal").get(0).get("expected").toString());
    }

    @Test
    void aTxnReadingAnElementItAppendsOnlyLaterIsAFutureRead() {
        txn("[[\"r\",1,[1]],[\"append\",1,1]]").edge();
        CheckResult r = check("read-committed");
        assertEquals(List.of("future-read"), types(r));
        assertEquals(1, ((JsonNode) cases(r, "future-read").get(0).get("element")).asInt());
    }

    @Test
    void aReadListingAnElementTwiceIsDuplicateElements() {
        txn("[[\"append\",1,1]]").txn("[[\"r\",1,[1,1]]]");
        CheckResult r = check("read-uncommitted");
        assertEquals(List.of("duplicate-elements"), types(r));
        assertEquals(Map.of("1", 2), cases(r, "duplicate-elements").get(0).get("duplicates"));
    }

    @Test
    void readsThatAreNotPrefixesOfOneAnotherAreAnIncompatibleOrder() {
        txn("[[\"append\",1,1]]").txn("[[\"append\",1,2]]").txn("[[\"r\",1,[1,2]]]").txn("[[\"r\",1,[2,1]]]");
        CheckResult r = check("serializable");
        assertEquals(List.of("incompatible-order"), types(r));
        assertEquals(1, cases(r, "incompatible-order").size(), "one case per key");
        assertEquals(Set.of("read-committed"), r.fields().get("not"));
    }

    @Test
    void aKeyOneOkTxnAppendsToIsStillOrderedByItsReads() {
        // Elle merges the single-append orders under the read ones, so these reads still clash.
        h.at(ms++).invoke(process, "txn", "[[\"append\",1,2]]");
        h.at(ms++).fail(process++, "txn", "[[\"append\",1,2]]");
        txn("[[\"append\",1,1]]").txn("[[\"r\",1,[1]]]").txn("[[\"r\",1,[2]]]");
        assertEquals(List.of("G1a", "incompatible-order"), types(check("read-committed")));
    }

    @Test
    void twoTxnsAppendingAfterReadingTheSameStateAreALostUpdate() {
        concurrently("[[\"r\",1,[]],[\"append\",1,1]]", "[[\"r\",1,[]],[\"append\",1,2]]");
        txn("[[\"r\",1,[1,2]]]");
        CheckResult r = check("serializable");
        // The same two txns close a cycle through the order of their appends, as in Elle.
        assertEquals(List.of("G-single-item", "lost-update"), types(r));
        assertEquals(2, ((List<?>) cases(r, "lost-update").get(0).get("txns")).size());
        assertEquals(Validity.TRUE, check("read-committed").valid(), "read committed allows lost updates");
    }

    @Test
    void aReadOfAnElementNoTxnAppendedIsUnknownAsInMaelstromAndNamesTheRead() {
        txn("[[\"append\",1,1]]").txn("[[\"r\",1,[1,999]]]");
        CheckResult r = check("strict-serializable");
        assertEquals(Validity.UNKNOWN, r.valid());
        assertEquals("java.lang.AssertionError: Assert failed: No transaction wrote 1 999", r.fields().get("error"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> unwritten = (List<Map<String, Object>>) r.extraFindings().get("unwritten-elements");
        assertEquals(999, ((JsonNode) unwritten.get(0).get("element")).asInt());
    }

    @Test
    void aHistoryWithNoDependencyAtAllIsUnknownByEmptyTransactionGraph() {
        txn("[[\"append\",1,1]]");
        CheckResult r = check("strict-serializable");
        assertEquals(Validity.UNKNOWN, r.valid());
        assertEquals(List.of("empty-transaction-graph"), types(r));
    }

    @Test
    void anAppendOfOneElementTwiceToAKeyOrAnUnknownMicroOpMakesTheCheckThrow() {
        txn("[[\"append\",1,1]]").txn("[[\"append\",1,1]]");
        assertThrows(IllegalArgumentException.class, () -> check("serializable"));
        Hist other = new Hist();
        other.okOp(0, "txn", "[[\"w\",1,1]]", "[[\"w\",1,1]]");
        assertThrows(IllegalArgumentException.class, () -> new ListAppendChecker("serializable").check(other.history,
                Hist.NO_FACTS));
    }
}
