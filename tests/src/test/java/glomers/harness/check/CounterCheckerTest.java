package glomers.harness.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import glomers.harness.history.Op;

import java.util.List;
import org.junit.jupiter.api.Test;

class CounterCheckerTest {

    private static CheckResult check(Hist h) {
        return h.check(new CounterChecker());
    }

    /** ok adds of 3 and 4, a failed add of 100, and a stale non-final read. */
    private static Hist definite() {
        return new Hist()
                .okOp(0, "add", "3", "3")
                .okOp(1, "add", "4", "4")
                .invoke(2, "add", "100").fail(2, "add", "100")
                .okOp(0, "read", null, "1");
    }

    @Test
    void finalReadsMustEqualTheSumOfOkAdds() {
        CheckResult ok = check(definite().finalInvoke(0, "read").finalOk(0, "read", "7")
                .finalInvoke(1, "read").finalOk(1, "read", "7"));
        assertEquals(Validity.TRUE, ok.valid());
        assertNull(ok.fields().get("errors"));
        assertEquals(List.of(7L, 7L), ok.fields().get("final-reads"));
        assertEquals(List.of(List.of(7L, 7L)), ok.fields().get("acceptable"));

        CheckResult bad = check(definite().finalInvoke(0, "read").finalOk(0, "read", "7")
                .finalInvoke(1, "read").finalOk(1, "read", "6"));
        assertEquals(Validity.FALSE, bad.valid());
        List<?> errors = (List<?>) bad.fields().get("errors");
        assertEquals(1, errors.size());
        assertEquals(Hist.json("6"), ((Op) errors.get(0)).value());
    }

    @Test
    void anIndeterminateAddMayOrMayNotHaveHappened() {
        for (String read : List.of("7", "11", "9")) {
            Hist h = definite()
                    .invoke(3, "add", "4").info(3, "add", "4")
                    .finalInvoke(0, "read").finalOk(0, "read", read);
            CheckResult r = check(h);
            assertEquals(List.of(List.of(7L, 7L), List.of(11L, 11L)), r.fields().get("acceptable"));
            assertEquals(read.equals("9") ? Validity.FALSE : Validity.TRUE, r.valid(), "read " + read);
        }
    }

    @Test
    void adjacentReachableSumsMerge() {
        Hist h = new Hist()
                .invoke(0, "add", "1").info(0, "add", "1")
                .invoke(1, "add", "1").info(1, "add", "1")
                .invoke(2, "add", "-5").info(2, "add", "-5")
                .finalInvoke(3, "read").finalOk(3, "read", "-4");
        CheckResult r = check(h);
        assertEquals(List.of(List.of(-5L, -3L), List.of(0L, 2L)), r.fields().get("acceptable"));
        assertEquals(Validity.TRUE, r.valid());
    }

    @Test
    void noFinalReadsIsValid() {
        Hist h = definite().finalInvoke(0, "read").finalInfo(0, "read");
        CheckResult r = check(h);
        assertEquals(Validity.TRUE, r.valid());
        assertNull(r.fields().get("errors"));
        assertEquals(List.of(), r.fields().get("final-reads"));
    }

    @Test
    void anUnfinishedAddCountsAsIndeterminate() {
        Hist h = definite().invoke(3, "add", "2")
                .finalInvoke(0, "read").finalOk(0, "read", "9");
        CheckResult r = check(h);
        assertEquals(Validity.TRUE, r.valid());
        assertEquals(1L, r.extraFindings().get("unfinished-adds"));
    }

    @Test
    void exactFinalReadsAreReportedBeyondMaelstrom() {
        CheckResult exact = check(definite().finalInvoke(0, "read").finalOk(0, "read", "7")
                .finalInvoke(1, "read").finalOk(1, "read", "7"));
        assertEquals(true, exact.extraFindings().get("final-reads-exact"));
        assertEquals(7L, exact.extraFindings().get("acknowledged-sum"));

        // An indeterminate +4 that did happen: valid by the subset rule, yet not the acknowledged sum.
        CheckResult kept = check(definite().invoke(3, "add", "4").info(3, "add", "4")
                .finalInvoke(0, "read").finalOk(0, "read", "7")
                .finalInvoke(1, "read").finalOk(1, "read", "11"));
        assertEquals(Validity.TRUE, kept.valid(), "the extra finding never changes the verdict");
        assertEquals(false, kept.extraFindings().get("final-reads-exact"));
        assertEquals(7L, kept.extraFindings().get("acknowledged-sum"));

        CheckResult wrong = check(definite().finalInvoke(0, "read").finalOk(0, "read", "6"));
        assertEquals(Validity.FALSE, wrong.valid());
        assertEquals(false, wrong.extraFindings().get("final-reads-exact"));

        CheckResult none = check(definite().finalInvoke(0, "read").finalInfo(0, "read"));
        assertEquals(true, none.extraFindings().get("final-reads-exact"), "no ok final read: nothing inexact");
    }

    @Test
    void aCompletionIsFinalWhenItsInvocationIs() {
        Hist h = definite().finalInvoke(0, "read").ok(0, "read", "8");
        CheckResult r = check(h);
        assertEquals(Validity.FALSE, r.valid());
        assertEquals(List.of(8L), r.fields().get("final-reads"));
    }

    @Test
    void aNonIntegerFinalReadThrows() {
        Hist h = definite().finalInvoke(0, "read").finalOk(0, "read", "7.0");
        assertThrows(IllegalArgumentException.class, () -> check(h));
    }

    @Test
    void rangesMergeWhenTheyTouch() {
        CounterChecker.Ranges r = new CounterChecker.Ranges(0);
        r.unionShifted(3);
        assertEquals(List.of(List.of(0L, 0L), List.of(3L, 3L)), r.asList());
        r.unionShifted(1);
        assertEquals(List.of(List.of(0L, 1L), List.of(3L, 4L)), r.asList());
        assertTrue(r.contains(4));
        assertFalse(r.contains(2));
        assertFalse(r.contains(-1));
        assertFalse(r.contains(5));
        r.unionShifted(2);
        assertEquals(List.of(List.of(0L, 6L)), r.asList());
        r.unionShifted(0);
        assertEquals(List.of(List.of(0L, 6L)), r.asList());
    }
}
