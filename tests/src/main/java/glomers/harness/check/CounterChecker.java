package glomers.harness.check;

import com.fasterxml.jackson.databind.JsonNode;
import glomers.harness.history.History;
import glomers.harness.history.Op;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maelstrom's g-counter and pn-counter checker ({@code maelstrom.workload.pn-counter/checker}):
 * every ok final read ({@link Op#finalRead()} on the completion or its invocation) must be the sum of the ok adds plus the sum of some
 * subset of the indeterminate (info) adds. Other reads are not checked, and with no ok final read
 * the run is valid.
 *
 * <p>The acceptable sums are kept as Maelstrom keeps them: a set of integer ranges that starts as
 * [S, S] for the definite sum S, and for each info add of delta d (in history order) becomes its
 * union with itself shifted by d, overlapping or adjacent ranges merged. Fields: {@code valid?},
 * {@code errors} (the offending read completions, or null if none), {@code final-reads} (their
 * values) and {@code acceptable} (a list of closed [lo hi] ranges, ascending). Sums overflow a
 * long only where Clojure's {@code +} would throw too.
 *
 * <p>Maelstrom completes every op, so an add still open when the history ends cannot occur
 * there; it would have timed out as info, so it is counted as indeterminate here and reported in
 * {@link CheckResult#extraFindings} as {@code unfinished-adds}. An ok final read whose value is
 * not a JSON integer within a long cannot occur there either (its client rejects the reply, which
 * makes the read info); it throws here, like Maelstrom's assertion.
 *
 * <p>Also in the extra findings, a stricter reading than the subset rule: {@code acknowledged-sum}
 * (the sum of the ok adds) and {@code final-reads-exact}, whether every ok final read equals it
 * (true when there is none). With indeterminate adds a valid run may be inexact.
 */
public final class CounterChecker implements Checker {

    public CounterChecker() {
    }

    @Override
    public String name() {
        return "counter";
    }

    @Override
    public CheckResult check(History history, RunFacts facts) {
        Pairs pairs = Pairs.of(history);
        List<Op> ops = history.ops();
        long definite = 0;
        List<Long> indeterminate = new ArrayList<>();
        long unfinished = 0;
        for (Op op : ops) {
            if (!op.isClient() || !"add".equals(op.f())) {
                continue;
            }
            if (op.isInvoke()) {
                if (pairs.counterpart(op.index()) < 0) {
                    unfinished++;
                    indeterminate.add(delta(op));
                }
                continue;
            }
            Op invoke = ops.get(pairs.counterpart(op.index()));
            if (op.isOk()) {
                definite = Math.addExact(definite, delta(invoke));
            } else if (op.type() == Op.Type.INFO) {
                indeterminate.add(delta(invoke));
            }
        }
        Ranges acceptable = new Ranges(definite);
        for (long d : indeterminate) {
            acceptable.unionShifted(d);
        }
        List<Op> errors = new ArrayList<>();
        List<Long> finalReads = new ArrayList<>();
        boolean exact = true;
        for (Op op : ops) {
            if (op.isClient() && op.isOk()
                    && (op.finalRead() || ops.get(pairs.counterpart(op.index())).finalRead())) {
                long value = readValue(op);
                finalReads.add(value);
                exact &= value == definite;
                if (!acceptable.contains(value)) {
                    errors.add(op);
                }
            }
        }
        Validity v = Validity.of(errors.isEmpty());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("valid?", Fields.valid(v));
        fields.put("errors", errors.isEmpty() ? null : errors);
        fields.put("final-reads", finalReads);
        fields.put("acceptable", acceptable.asList());
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("final-reads-exact", exact);
        extra.put("acknowledged-sum", definite);
        extra.put("unfinished-adds", unfinished);
        return new CheckResult(name(), v, fields, extra);
    }

    private static long delta(Op add) {
        JsonNode v = add.value();
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("add op " + add.index() + " has a non-integer delta " + v);
        }
        return v.longValue();
    }

    private static long readValue(Op read) {
        JsonNode v = read.value();
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("final read op " + read.index() + " returned " + v
                    + ", not an integer; Maelstrom's client records such a reply as :info");
        }
        return v.longValue();
    }

    /** Disjoint closed integer ranges, ascending, never adjacent. */
    static final class Ranges {
        private long[] lo;
        private long[] hi;
        private int n;

        Ranges(long point) {
            lo = new long[] {point};
            hi = new long[] {point};
            n = 1;
        }

        /** This set united with itself shifted by d. */
        void unionShifted(long d) {
            if (d == 0) {
                return;
            }
            long[] newLo = new long[2 * n];
            long[] newHi = new long[2 * n];
            int m = 0;
            int a = 0;
            int b = 0;
            while (a < n || b < n) {
                long l;
                long h;
                long shiftedLo = b < n ? Math.addExact(lo[b], d) : 0;
                if (b >= n || (a < n && lo[a] <= shiftedLo)) {
                    l = lo[a];
                    h = hi[a];
                    a++;
                } else {
                    l = shiftedLo;
                    h = Math.addExact(hi[b], d);
                    b++;
                }
                if (m > 0 && (newHi[m - 1] == Long.MAX_VALUE || l <= newHi[m - 1] + 1)) {
                    newHi[m - 1] = Math.max(newHi[m - 1], h);
                } else {
                    newLo[m] = l;
                    newHi[m] = h;
                    m++;
                }
            }
            lo = Arrays.copyOf(newLo, m);
            hi = Arrays.copyOf(newHi, m);
            n = m;
        }

        boolean contains(long x) {
            int i = Arrays.binarySearch(lo, 0, n, x);
            if (i >= 0) {
                return true;
            }
            int below = -i - 2;
            return below >= 0 && x <= hi[below];
        }

        List<List<Long>> asList() {
            List<List<Long>> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(List.of(lo[i], hi[i]));
            }
            return out;
        }
    }
}
