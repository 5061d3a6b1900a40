package glomers.harness.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import glomers.harness.history.Op;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AvailabilityCheckerTest {

    private static RunFacts availability(String a) {
        return Hist.facts(Optional.of(a));
    }

    /** Nine ok generates and one that failed with a definite error. */
    private static Hist nineOfTen() {
        Hist h = new Hist();
        for (int i = 0; i < 9; i++) {
            h.okOp(i, "generate", null, "" + i);
        }
        return h.invoke(9, "generate", null).fail(9, "generate", null);
    }

    @Test
    void totalWithOneDefiniteErrorIsInvalid() {
        CheckResult r = nineOfTen().check(new AvailabilityChecker(), availability("total"));
        assertEquals(Validity.FALSE, r.valid());
        assertEquals(0.9f, r.fields().get("ok-fraction"));
    }

    @Test
    void totalWithEveryOpOkIsValid() {
        Hist h = new Hist().okOp(0, "generate", null, "1").okOp(1, "generate", null, "2");
        assertEquals(Validity.TRUE, h.check(new AvailabilityChecker(), availability("total")).valid());
    }

    @Test
    void fractionIsALowerBound() {
        assertEquals(Validity.TRUE, nineOfTen().check(new AvailabilityChecker(), availability("0.89")).valid());
        assertEquals(Validity.TRUE, nineOfTen().check(new AvailabilityChecker(), availability("0.5")).valid());
        assertEquals(Validity.FALSE, nineOfTen().check(new AvailabilityChecker(), availability("0.95")).valid());
    }

    @Test
    void absentIsAlwaysValid() {
        Hist h = new Hist().invoke(0, "generate", null).info(0, "generate", null);
        CheckResult r = h.check(new AvailabilityChecker());
        assertEquals(Validity.TRUE, r.valid());
        assertEquals(0.0f, r.fields().get("ok-fraction"));
    }

    @Test
    void noInvocationsMeansFractionOne() {
        Hist h = new Hist().nemesis(Op.Type.INFO, "start-partition");
        CheckResult r = h.check(new AvailabilityChecker(), availability("total"));
        assertEquals(Validity.TRUE, r.valid());
        assertEquals(1.0f, r.fields().get("ok-fraction"));
    }

    @Test
    void finalReadsCountAndNemesisDoesNot() {
        Hist h = new Hist()
                .okOp(0, "broadcast", "1", "1")
                .nemesis(Op.Type.INVOKE, "start-partition").nemesis(Op.Type.INFO, "start-partition")
                .finalInvoke(0, "read").finalInfo(0, "read");
        CheckResult r = h.check(new AvailabilityChecker(), availability("total"));
        assertEquals(Validity.FALSE, r.valid());
        assertEquals(0.5f, r.fields().get("ok-fraction"));
    }

    @Test
    void exactlyTheThresholdCanFailBecauseTheFractionIsAFloat() {
        // (<= 0.9 (float 9/10)) is false in Clojure: 0.9f widens to 0.8999999761581421
        CheckResult r = nineOfTen().check(new AvailabilityChecker(), availability("0.9"));
        assertEquals(Validity.FALSE, r.valid());
        // while 0.75f is exact
        Hist h = new Hist();
        for (int i = 0; i < 3; i++) {
            h.okOp(i, "generate", null, "" + i);
        }
        h.invoke(3, "generate", null).info(3, "generate", null);
        assertEquals(Validity.TRUE, h.check(new AvailabilityChecker(), availability("0.75")).valid());
    }

    @Test
    void theFractionIsAFloatAsInMaelstrom() {
        // 99999999 / 100000000 rounds to 1.0f, so Maelstrom calls that total availability
        assertEquals(1.0f, AvailabilityChecker.okFraction(99_999_999, 100_000_000));
        assertEquals(true, AvailabilityChecker.meets("total", AvailabilityChecker.okFraction(99_999_999, 100_000_000)));
        assertEquals(false, AvailabilityChecker.meets("total", AvailabilityChecker.okFraction(999, 1000)));
        assertThrows(IllegalArgumentException.class, () -> AvailabilityChecker.meets("most", 1.0f));
        assertEquals(true, AvailabilityChecker.meets("3/4", 0.75f));
        assertEquals(false, AvailabilityChecker.meets("3/4", 0.74f));
        assertEquals(true, AvailabilityChecker.meets("1", 1.0f));
    }
}
