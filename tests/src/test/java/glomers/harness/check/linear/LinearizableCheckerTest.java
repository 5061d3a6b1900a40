package glomers.harness.check.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import glomers.harness.check.CheckResult;
import glomers.harness.check.Validity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Planted anomalies at the history level, each caught, and the histories Knossos accepts
 * (indefinite ops late or never, failed ops, reads of nil), each accepted.
 */
class LinearizableCheckerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<Object> failures(CheckResult r) {
        return JSON.convertValue(r.fields().get("failures"), List.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> keyResult(CheckResult r, String key) {
        return (Map<String, Object>) ((Map<String, Object>) r.fields().get("results")).get(key);
    }

    @Test
    void sequentialReadsWritesAndCasAreLinearizable() {
        CheckResult r = new RegisterHist()
                .okOp(0, "write", "[0,1]", "[0,1]")
                .okOp(1, "read", "[0,null]", "[0,1]")
                .okOp(0, "cas", "[0,[1,2]]", "[0,[1,2]]")
                .okOp(1, "read", "[0,null]", "[0,2]")
                .check();
        assertEquals(Validity.TRUE, r.valid());
        assertEquals(1, r.fields().get("key-count"));
    }

    @Test
    void staleReadAfterAWriteReturnedIsCaught() {
        CheckResult r = new RegisterHist()
                .okOp(0, "write", "[0,1]", "[0,1]")
                .okOp(0, "write", "[0,2]", "[0,2]")
                .okOp(1, "read", "[0,null]", "[0,1]")
                .check();
        assertEquals(Validity.FALSE, r.valid());
        assertEquals(List.of(0), failures(r));
        Map<String, Object> key = keyResult(r, "0");
        assertEquals("p1 read 1 (ok, index 4..5)", key.get("op"));
        assertEquals(List.of("2"), key.get("register-values"));
        assertEquals(2, key.get("linearizable-prefix-length"));
        assertTrue(((String) key.get("summary")).startsWith("key 0: p1 read 1"), String.valueOf(key.get("summary")));
    }

    @Test
    void lostWriteIsCaughtByACasOnTheOldValue() {
        CheckResult r = new RegisterHist()
                .okOp(0, "write", "[0,1]", "[0,1]")
                .okOp(1, "write", "[0,2]", "[0,2]")
                .okOp(2, "cas", "[0,[1,3]]", "[0,[1,3]]")
                .check();
        assertEquals(Validity.FALSE, r.valid());
        assertEquals("p2 cas [1 3] (ok, index 4..5)", keyResult(r, "0").get("op"));
    }

    @Test
    void twoConcurrentCasFromTheSameValueCannotBothSucceed() {
        RegisterHist h = new RegisterHist().okOp(0, "write", "[0,1]", "[0,1]")
                .invoke(1, "cas", "[0,[1,2]]").invoke(2, "cas", "[0,[1,3]]")
                .ok(1, "cas", "[0,[1,2]]").ok(2, "cas", "[0,[1,3]]");
        assertEquals(Validity.FALSE, h.check().valid());
    }

    @Test
    void concurrentCasChainIsOrderedEitherWay() {
        RegisterHist h = new RegisterHist().okOp(0, "write", "[0,1]", "[0,1]")
                .invoke(1, "cas", "[0,[2,3]]").invoke(2, "cas", "[0,[1,2]]")
                .ok(1, "cas", "[0,[2,3]]").ok(2, "cas", "[0,[1,2]]")
                .okOp(3, "read", "[0,null]", "[0,3]");
        assertEquals(Validity.TRUE, h.check().valid());
    }

    @Test
    void anIndefiniteWriteMayTakeEffectLongAfterItsInvocation() {
        RegisterHist h = new RegisterHist().okOp(0, "write", "[0,1]", "[0,1]")
                .invoke(1, "write", "[0,2]").info(1, "write", "[0,2]")
                .okOp(2, "read", "[0,null]", "[0,1]")
                .okOp(3, "read", "[0,null]", "[0,1]")
                .okOp(2, "read", "[0,null]", "[0,2]");
        assertEquals(Validity.TRUE, h.check().valid());
    }

    @Test
    void anIndefiniteCasMayNeverTakeEffect() {
        RegisterHist h = new RegisterHist().okOp(0, "write", "[0,1]", "[0,1]")
                .invoke(1, "cas", "[0,[1,2]]").info(1, "cas", "[0,[1,2]]")
                .okOp(2, "read", "[0,null]", "[0,1]")
                .okOp(0, "write", "[0,4]", "[0,4]");
        assertEquals(Validity.TRUE, h.check().valid());
    }

    @Test
    void anIndefiniteWriteTakesEffectAtMostOnce() {
        RegisterHist h = new RegisterHist().okOp(0, "write", "[0,1]", "[0,1]")
                .invoke(1, "write", "[0,2]").info(1, "write", "[0,2]")
                .okOp(2, "read", "[0,null]", "[0,2]")
                .okOp(0, "write", "[0,1]", "[0,1]")
                .okOp(2, "read", "[0,null]", "[0,2]");
        assertEquals(Validity.FALSE, h.check().valid());
    }

    @Test
    void anIndefiniteWriteCannotTakeEffectBeforeItsInvocation() {
        RegisterHist h = new RegisterHist().okOp(0, "write", "[0,1]", "[0,1]")
                .okOp(2, "read", "[0,null]", "[0,2]")
                .invoke(1, "write", "[0,2]").info(1, "write", "[0,2]");
        assertEquals(Validity.FALSE, h.check().valid());
    }

    @Test
    void aNeverCompletedOpIsIndefinite() {
        RegisterHist h = new RegisterHist().okOp(0, "write", "[0,1]", "[0,1]")
                .invoke(1, "cas", "[0,[1,3]]")
                .okOp(2, "read", "[0,null]", "[0,3]");
        assertEquals(Validity.TRUE, h.check().valid());
    }

    @Test
    void failedOpsNeverTookEffect() {
        RegisterHist ignored = new RegisterHist().okOp(0, "write", "[0,1]", "[0,1]")
                .invoke(1, "cas", "[0,[1,3]]").fail(1, "cas", "[0,[1,3]]")
                .okOp(2, "read", "[0,null]", "[0,1]");
        assertEquals(Validity.TRUE, ignored.check().valid());
        RegisterHist seen = new RegisterHist().okOp(0, "write", "[0,1]", "[0,1]")
                .invoke(1, "write", "[0,9]").fail(1, "write", "[0,9]")
                .okOp(2, "read", "[0,null]", "[0,9]");
        assertEquals(Validity.FALSE, seen.check().valid());
    }

    @Test
    void aReadOfNilIsAcceptedAnywhereButACasOnAMissingKeyIsNot() {
        RegisterHist nilRead = new RegisterHist().okOp(0, "write", "[0,1]", "[0,1]")
                .okOp(1, "read", "[0,null]", "[0,null]");
        assertEquals(Validity.TRUE, nilRead.check().valid());
        RegisterHist casOnMissing = new RegisterHist().okOp(0, "cas", "[0,[1,2]]", "[0,[1,2]]");
        assertEquals(Validity.FALSE, casOnMissing.check().valid());
    }

    @Test
    void valuesCompareAsClojureDoes() {
        RegisterHist h = new RegisterHist().okOp(0, "write", "[0,1]", "[0,1]")
                .okOp(1, "read", "[0,null]", "[0,1.0]");
        assertEquals(Validity.FALSE, h.check().valid());
    }

    @Test
    void keysAreCheckedIndependentlyAndTheFailingOneIsNamed() {
        RegisterHist h = new RegisterHist().nemesis()
                .okOp(0, "write", "[0,1]", "[0,1]")
                .okOp(1, "write", "[1,1]", "[1,1]")
                .okOp(0, "read", "[0,null]", "[0,1]")
                .okOp(1, "read", "[1,null]", "[1,2]")
                .invoke(2, "cas", "[2,[1,2]]").fail(2, "cas", "[2,[1,2]]");
        CheckResult r = h.check();
        assertEquals(Validity.FALSE, r.valid());
        assertEquals(List.of(1), failures(r));
        assertEquals(3, r.fields().get("key-count"));
        assertEquals(true, keyResult(r, "0").get("valid?"));
        assertEquals(true, keyResult(r, "2").get("valid?"));
    }

    /** Many concurrent indefinite writes and reads that would need one of them twice. */
    private static RegisterHist manyIndefiniteWrites(int writers) {
        RegisterHist h = new RegisterHist().okOp(0, "write", "[0,0]", "[0,0]");
        for (int p = 1; p <= writers; p++) {
            h.invoke(p, "write", "[0," + p + "]").info(p, "write", "[0," + p + "]");
        }
        for (int i = 0; i < writers; i++) {
            h.okOp(100 + i, "read", "[0,null]", "[0," + (i % 3 + 1) + "]");
        }
        return h;
    }

    /** Many concurrent ok writes, then a read of a value none wrote: every order must be tried. */
    private static RegisterHist manyConcurrentWrites(int writers) {
        RegisterHist h = new RegisterHist();
        for (int p = 1; p <= writers; p++) {
            h.invoke(p, "write", "[0," + p + "]");
        }
        for (int p = 1; p <= writers; p++) {
            h.ok(p, "write", "[0," + p + "]");
        }
        return h.okOp(99, "read", "[0,null]", "[0,99]");
    }

    @Test
    void unobservedIndefiniteWritesAreNotTriedInEveryCombination() {
        CheckResult r = manyIndefiniteWrites(24).check();
        assertEquals(Validity.FALSE, r.valid());
        // Each read takes one of the pending writes: a few hundred configurations, not 2^24.
        assertTrue(((Number) keyResult(r, "0").get("memo")).intValue() < 24 * 24 * 3, keyResult(r, "0").toString());
    }

    @Test
    void pastItsBudgetAKeyIsUnknownNeverValid() {
        CheckResult memo = manyConcurrentWrites(12).check(new WglSearch.Budget(Long.MAX_VALUE / 4, 100));
        assertEquals(Validity.UNKNOWN, memo.valid());
        assertEquals(List.of(0), JSON.convertValue(memo.fields().get("unknown-keys"), List.class));
        assertTrue(((String) keyResult(memo, "0").get("cause")).contains("memo"));
        CheckResult time = manyConcurrentWrites(12).check(new WglSearch.Budget(0, Integer.MAX_VALUE));
        assertEquals(Validity.UNKNOWN, time.valid());
        assertTrue(((String) keyResult(time, "0").get("cause")).contains("time budget"));
        assertEquals(Validity.FALSE, manyConcurrentWrites(8).check().valid());
    }
}
