package glomers.harness.check.linear;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The furthest the search got, for explaining a key that is not linearizable: the op whose
 * return the search could not pass (Knossos's {@code :op}), the values the register could hold
 * there, the ops not yet ordered at that point, and the longest linearizable prefix that led
 * there; and the same ops as a {@code timeline} for the run page to draw. The first configuration to reach the furthest return keeps its prefix; later ones
 * add only their register values.
 */
final class Frontier {

    private static final int MAX_VALUES = 8;
    private static final int PREFIX_TAIL = 8;

    private final WglSearch search;
    private int furthestEntry = -1;
    private int op;
    private WglSearch.Linearized prefix;
    private final TreeSet<Integer> values = new TreeSet<>();
    private List<Integer> unordered = List.of();

    Frontier(WglSearch search) {
        this.search = search;
    }

    /** The search reached the return entry {@code entry} of {@code op} without linearizing it. */
    void blocked(int entry, int op, int value, WglSearch.Linearized top) {
        if (entry > furthestEntry) {
            furthestEntry = entry;
            this.op = op;
            prefix = top;
            values.clear();
            values.add(value);
            unordered = search.pendingBefore(entry);
        } else if (entry == furthestEntry && values.size() < MAX_VALUES) {
            values.add(value);
        }
    }

    /** One op for the run page's drawing: its place in the history, its part, what it left. */
    private static Map<String, Object> timelineOp(RegisterOp o, ValueTable v, String role, String after) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("process", o.process());
        m.put("op", o.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + switch (o.kind()) {
            case READ, WRITE -> v.show(o.a());
            case CAS -> v.show(o.a()) + "→" + v.show(o.b());
        });
        m.put("invoke-index", o.invokeIndex());
        m.put("complete-index", o.completeIndex());
        if (after != null) {
            m.put("after", after);
        }
        return m;
    }

    Map<String, Object> explain() {
        KeyHistory h = search.history();
        ValueTable v = h.values();
        List<RegisterOp> ops = h.ops();
        Map<String, Object> m = new LinkedHashMap<>();
        List<String> registerValues = new ArrayList<>();
        values.forEach(x -> registerValues.add(v.show(x)));
        Deque<String> tail = new ArrayDeque<>();
        Deque<Map<String, Object>> timeline = new ArrayDeque<>();
        int length = 0;
        for (WglSearch.Linearized l = prefix; l != null; l = l.below()) {
            if (length++ < PREFIX_TAIL) {
                RegisterOp o = ops.get(l.op());
                String after = v.show(CasRegister.step(l.stateBefore(), o));
                tail.addFirst(o.describe(v) + " -> " + after);
                timeline.addFirst(timelineOp(o, v, "linearized", after));
            }
        }
        List<String> notOrdered = new ArrayList<>();
        unordered.forEach(x -> {
            notOrdered.add(ops.get(x).describe(v));
            timeline.addLast(timelineOp(ops.get(x), v, x == op ? "cannot-linearize" : "not-ordered", null));
        });
        String what = ops.get(op).describe(v);
        m.put("op", what);
        m.put("register-values", registerValues);
        m.put("not-ordered", notOrdered);
        m.put("linearizable-prefix-length", length);
        m.put("linearizable-prefix-tail", new ArrayList<>(tail));
        m.put("timeline", new ArrayList<>(timeline));
        m.put("summary", "key " + h.key() + ": " + what + " cannot be linearized: after the longest linearizable "
                + "prefix (" + length + " ops) the register holds " + String.join(" or ", registerValues)
                + ", and no order of the ops not yet linearized (" + notOrdered.size() + ", listed in not-ordered) lets it "
                + "take effect before it returned");
        return m;
    }
}
