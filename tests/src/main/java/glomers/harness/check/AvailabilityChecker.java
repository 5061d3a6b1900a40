package glomers.harness.check;

import glomers.harness.history.History;
import glomers.harness.history.Op;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maelstrom's availability checker ({@code maelstrom.checker/availability-checker}):
 * {@code ok-fraction} = ok completions / invocations over client ops (final reads included,
 * nemesis excluded), 1 when there are no invocations. With {@code --availability total} the
 * fraction must be exactly 1; with a number a it must be at least a; absent, always valid.
 *
 * <p>As in Maelstrom the fraction is a single-precision float ({@code (float (/ ok invokes))})
 * and the comparison widens it to double, so the verdict agrees at the boundary too.
 */
public final class AvailabilityChecker implements Checker {

    public AvailabilityChecker() {
    }

    @Override
    public String name() {
        return "availability";
    }

    @Override
    public CheckResult check(History history, RunFacts facts) {
        long oks = 0;
        long invokes = 0;
        for (Op op : history.ops()) {
            if (!op.isClient()) {
                continue;
            }
            if (op.isInvoke()) {
                invokes++;
            } else if (op.isOk()) {
                oks++;
            }
        }
        float okFraction = okFraction(oks, invokes);
        Validity v = facts.availability().map(a -> Validity.of(meets(a, okFraction))).orElse(Validity.TRUE);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("valid?", Fields.valid(v));
        fields.put("ok-fraction", okFraction);
        return CheckResult.of(name(), v, fields);
    }

    /** Clojure's {@code (float ratio)}: the ratio rounded to a DECIMAL64 double, then to float. */
    static float okFraction(long oks, long invokes) {
        if (invokes == 0) {
            return 1.0f;
        }
        if (oks == invokes) {
            return 1.0f;
        }
        double d = new BigDecimal(oks).divide(new BigDecimal(invokes), MathContext.DECIMAL64).doubleValue();
        return (float) d;
    }

    /** Maelstrom's rule for {@code --availability}: "total" or a number from 0 to 1. */
    static boolean meets(String availability, float okFraction) {
        String a = availability.trim();
        if (a.equals("total")) {
            return okFraction == 1.0f;
        }
        return threshold(a, availability) <= (double) okFraction;
    }

    /** The number EDN reads from the flag: a decimal, an integer, or a ratio such as 99/100. */
    private static double threshold(String a, String original) {
        try {
            int slash = a.indexOf('/');
            if (slash > 0) {
                BigDecimal num = new BigDecimal(a.substring(0, slash));
                BigDecimal den = new BigDecimal(a.substring(slash + 1));
                return num.divide(den, MathContext.DECIMAL64).doubleValue();
            }
            return Double.parseDouble(a);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("Don't know how to handle :availability " + original, e);
        }
    }
}
