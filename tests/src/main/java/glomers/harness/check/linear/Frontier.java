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
 * there. The first configuration to reach the furthest return keeps its prefix; later ones
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

    Map<String, Object> explain() {
        KeyHistory h = search.history();
        ValueTable v = h.values();
        List<RegisterOp> ops = h.ops();
        Map<String, Object> m = new LinkedHashMap<>();
        List<String> registerValues = new ArrayList<>();
        values.forEach(x -> registerValues.add(v.show(x)));
        Deque<String> tail = new ArrayDeque<>();
        int length = 0;
        for (WglSearch.Linearized l = prefix; l != null; l = l.below()) {
            if (length++ < PREFIX_TAIL) {
                RegisterOp o = ops.get(l.op());
                tail.addFirst(o.describe(v) + " -> " + v.show(CasRegister.step(l.stateBefore(), o)));
            }
        }
        List<String> notOrdered = new ArrayList<>();
        unordered.forEach(x -> notOrdered.add(ops.get(x).describe(v)));
        String what = ops.get(op).describe(v);
        m.put("op", what);
        m.put("register-values", registerValues);
        m.put("not-ordered", notOrdered);
        m.put("linearizable-prefix-length", length);
        m.put("linearizable-prefix-tail", new ArrayList<>(tail));
        m.put("summary", "key " + h.key() + ": " + what + " cannot be linearized: after the longest linearizable "
                + "prefix (" + length + " ops) the register holds " + String.join(" or ", registerValues)
                + ", and no order of the ops not yet linearized (" + notOrdered.size() + ", listed in not-ordered) lets it "
                + "take effect before it returned");
        return m;
    }
}
