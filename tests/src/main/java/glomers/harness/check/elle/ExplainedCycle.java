package glomers.harness.check.elle;

import glomers.harness.history.HistoryFile;
import glomers.harness.history.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A cycle with each step explained and its anomaly type (elle.txn's cycle-explainer): the type
 * follows from the steps' rels alone (one rw: G-single-item; several: G2-item if two are
 * adjacent, else G-nonadjacent-item; else G1c with a wr, G0 with only ww), with "-realtime" or
 * "-process" when such a step is in it.
 *
 * @param cycle the ops in order, the first repeated at the end
 * @param steps one per consecutive pair
 */
public record ExplainedCycle(String type, List<Op> cycle, List<Step> steps) {

    /** Explains the cycle through {@code ops} (op indices, the last linking back to the first). */
    static ExplainedCycle of(int[] opIndices, PairExplainer explainer, IntFunction<Op> ops) {
        List<Op> cycle = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < opIndices.length; i++) {
            int a = opIndices[i];
            int b = opIndices[(i + 1) % opIndices.length];
            Step s = explainer.explain(a, b);
            if (s == null) {
                throw new IllegalStateException("no explanation of why op " + b + " follows op " + a);
            }
            cycle.add(ops.apply(a));
            steps.add(s);
        }
        cycle.add(ops.apply(opIndices[0]));
        List<Rel> types = new ArrayList<>();
        steps.forEach(s -> types.add(s.type()));
        return new ExplainedCycle(classify(types), List.copyOf(cycle), List.copyOf(steps));
    }

    /** The anomaly type of a cycle whose steps have these rels. */
    static String classify(List<Rel> steps) {
        long rw = steps.stream().filter(r -> r == Rel.RW).count();
        String data;
        if (rw == 1) {
            data = "G-single-item";
        } else if (rw > 1) {
            data = rwAdjacent(steps) ? "G2-item" : "G-nonadjacent-item";
        } else if (steps.contains(Rel.WR)) {
            data = "G1c";
        } else if (steps.contains(Rel.WW)) {
            data = "G0";
        } else {
            throw new IllegalStateException("Don't know how to classify a cycle of " + steps);
        }
        if (steps.contains(Rel.REALTIME)) {
            return data + "-realtime";
        }
        return steps.contains(Rel.PROCESS) ? data + "-process" : data;
    }

    /** Whether two rw steps follow each other, the last step counting as before the first. */
    static boolean rwAdjacent(List<Rel> steps) {
        for (int i = 0; i < steps.size(); i++) {
            Rel prev = steps.get((i + steps.size() - 1) % steps.size());
            if (prev == Rel.RW && steps.get(i) == Rel.RW) {
                return true;
            }
        }
        return false;
    }

    /** The cycle in words, as Elle writes it: "Let: T1 = ... Then: - T1 < T2, because ...". */
    public String explanation() {
        StringBuilder b = new StringBuilder("Let:\n");
        int n = steps.size();
        for (int i = 0; i < n; i++) {
            b.append("  T").append(i + 1).append(" = ").append(opText(cycle.get(i))).append('\n');
        }
        b.append("\nThen:\n");
        for (int i = 0; i < n; i++) {
            String a = "T" + (i + 1);
            String c = "T" + ((i + 1) % n + 1);
            String why = a + " < " + c + ", because " + steps.get(i).render(a, c);
            b.append("  - ").append(i == n - 1 ? "However, " + why + ": a contradiction!" : why + ".\n");
        }
        return b.toString();
    }

    /**
     * Elle's anomaly map: cycle (ops as history lines), steps (type first, then the step's
     * data), type; plus the explanation.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> lines = new ArrayList<>();
        cycle.forEach(op -> lines.add(HistoryFile.line(op)));
        m.put("cycle", lines);
        List<Map<String, Object>> stepMaps = new ArrayList<>();
        for (Step s : steps) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("type", s.type().elleName());
            sm.putAll(s.fields());
            stepMaps.add(sm);
        }
        m.put("steps", stepMaps);
        m.put("type", type);
        m.put("explanation", explanation());
        return m;
    }

    /** An op as its history line shows it. */
    static String opText(Op op) {
        return HistoryFile.line(op).toString();
    }
}
