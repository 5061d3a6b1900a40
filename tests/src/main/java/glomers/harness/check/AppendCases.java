package glomers.harness.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import glomers.harness.history.HistoryFile;
import glomers.harness.history.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.collections.impl.map.mutable.primitive.IntIntHashMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;
import org.eclipse.collections.impl.set.mutable.primitive.LongHashSet;

/**
 * The anomalies elle.list-append finds without the graph: aborted reads (G1a), intermediate
 * reads (G1b), internal inconsistency and future reads, duplicate elements, incompatible orders
 * and dirty updates. Each is a list of cases in history order, each a map with Elle's keys and
 * its ops as history lines; an empty list means none.
 */
final class AppendCases {

    /**
     * Elle's dirty-update walk met an element no completed txn appended: its {@code assert}
     * fails, and Maelstrom's whole result becomes unknown.
     */
    static final class UnwrittenElement extends RuntimeException {
        UnwrittenElement(JsonNode k, JsonNode e) {
            super("Assert failed: No transaction wrote " + k + " " + e, null, false, false);
        }
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private AppendCases() {
    }

    private static Map<String, Object> opCase(Op op, AppendTxns.Mop mop) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("op", HistoryFile.line(op));
        c.put("mop", mop.raw());
        return c;
    }

    /** g1a-cases: each element of an ok read that a failed txn appended, one case per element. */
    static List<Map<String, Object>> g1a(AppendTxns txns) {
        LongIntHashMap failed = new LongIntHashMap();
        for (Op op : txns.clientOps) {
            if (op.type() == Op.Type.FAIL) {
                for (AppendTxns.Mop m : txns.mops(op)) {
                    if (m.write()) {
                        failed.put(AppendTxns.pair(m.k(), m.element()), op.index());
                    }
                }
            }
        }
        List<Map<String, Object>> cases = new ArrayList<>();
        if (failed.isEmpty()) {
            return cases;
        }
        for (Op op : txns.clientOps) {
            if (!op.isOk()) {
                continue;
            }
            for (AppendTxns.Mop m : txns.mops(op)) {
                if (m.write() || m.list() == null) {
                    continue;
                }
                for (int e : m.list()) {
                    int w = failed.getIfAbsent(AppendTxns.pair(m.k(), e), -1);
                    if (w >= 0) {
                        Map<String, Object> c = opCase(op, m);
                        c.put("writer", HistoryFile.line(txns.op(w)));
                        c.put("element", txns.elementNode(e));
                        cases.add(c);
                    }
                }
            }
        }
        return cases;
    }

    /**
     * g1b-cases: an ok read whose last element another txn appended and then followed with a
     * further append to that key. Every client op counts as a writer, invocations too; for an
     * element so written by several, the last in the history (a completion after its invocation).
     */
    static List<Map<String, Object>> g1b(AppendTxns txns) {
        LongIntHashMap intermediate = new LongIntHashMap();
        for (Op op : txns.clientOps) {
            IntIntHashMap last = new IntIntHashMap();
            for (AppendTxns.Mop m : txns.mops(op)) {
                if (m.write()) {
                    if (last.containsKey(m.k())) {
                        intermediate.put(AppendTxns.pair(m.k(), last.get(m.k())), op.index());
                    }
                    last.put(m.k(), m.element());
                }
            }
        }
        List<Map<String, Object>> cases = new ArrayList<>();
        if (intermediate.isEmpty()) {
            return cases;
        }
        for (Op op : txns.clientOps) {
            if (!op.isOk()) {
                continue;
            }
            for (AppendTxns.Mop m : txns.mops(op)) {
                if (m.write() || m.last() == AppendTxns.INIT) {
                    continue;
                }
                int w = intermediate.getIfAbsent(AppendTxns.pair(m.k(), m.last()), -1);
                if (w >= 0 && w != op.index()) {
                    Map<String, Object> c = opCase(op, m);
                    c.put("writer", HistoryFile.line(txns.op(w)));
                    c.put("element", txns.elementNode(m.last()));
                    cases.add(c);
                }
            }
        }
        return cases;
    }

    /**
     * What one txn expects a key to hold (op-int-case's state): after a read, exactly what was
     * read (null for nil); after appends with no read before, only that it ends with them.
     */
    private record Expected(boolean unknownPrefix, int[] elements) {
    }

    /**
     * op-int-case: within one ok txn, a read that disagrees with the txn's own earlier read of
     * the key plus its appends since, or, with no earlier read, does not end with its appends.
     * One case per op, its first disagreement. A read of nil sets no expectation.
     */
    static List<Map<String, Object>> internal(AppendTxns txns) {
        List<Map<String, Object>> cases = new ArrayList<>();
        for (Op op : txns.clientOps) {
            if (!op.isOk()) {
                continue;
            }
            Map<Integer, Expected> state = new java.util.HashMap<>();
            for (AppendTxns.Mop m : txns.mops(op)) {
                if (m.write()) {
                    Expected s = state.containsKey(m.k()) ? state.get(m.k()) : new Expected(true, new int[0]);
                    boolean unknown = s != null && s.unknownPrefix();
                    int[] before = s == null ? new int[0] : s.elements();
                    int[] after = java.util.Arrays.copyOf(before, before.length + 1);
                    after[before.length] = m.element();
                    state.put(m.k(), new Expected(unknown, after));
                    continue;
                }
                Expected s = state.get(m.k());
                if (s != null && disagrees(s, m.list())) {
                    Map<String, Object> c = opCase(op, m);
                    c.put("expected", expectedNode(txns, s));
                    cases.add(c);
                    break;
                }
                state.put(m.k(), m.list() == null ? null : new Expected(false, m.list()));
            }
        }
        return cases;
    }

    private static boolean disagrees(Expected s, int[] read) {
        if (!s.unknownPrefix()) {
            return read == null || !java.util.Arrays.equals(s.elements(), read); // [] is not nil to Clojure
        }
        int n = read == null ? 0 : read.length;
        int from = n - s.elements().length;
        return from < 0 || !java.util.Arrays.equals(s.elements(), 0, s.elements().length, read, from, n);
    }

    private static JsonNode expectedNode(AppendTxns txns, Expected s) {
        ArrayNode a = JSON.arrayNode();
        if (s.unknownPrefix()) {
            a.add("...");
        }
        for (int e : s.elements()) {
            a.add(txns.elementNode(e));
        }
        return a;
    }

    /** op-future-read-case: an ok txn reads an element it appends only later. One case per op. */
    static List<Map<String, Object>> futureReads(AppendTxns txns) {
        List<Map<String, Object>> cases = new ArrayList<>();
        for (Op op : txns.clientOps) {
            if (!op.isOk()) {
                continue;
            }
            Map<Long, AppendTxns.Mop> readAt = new java.util.HashMap<>();
            for (AppendTxns.Mop m : txns.mops(op)) {
                if (m.write()) {
                    AppendTxns.Mop read = readAt.get(AppendTxns.pair(m.k(), m.element()));
                    if (read != null) {
                        Map<String, Object> c = opCase(op, read);
                        c.put("element", m.value().node);
                        cases.add(c);
                        break;
                    }
                } else if (m.list() != null) {
                    for (int e : m.list()) {
                        readAt.putIfAbsent(AppendTxns.pair(m.k(), e), m);
                    }
                }
            }
        }
        return cases;
    }

    /** duplicates: an ok or info read that lists one element more than once. */
    static List<Map<String, Object>> duplicates(AppendTxns txns) {
        List<Map<String, Object>> cases = new ArrayList<>();
        for (Op op : txns.clientOps) {
            if (!AppendTxns.possible(op)) {
                continue;
            }
            for (AppendTxns.Mop m : txns.mops(op)) {
                if (m.write() || m.list() == null || m.list().length < 2) {
                    continue;
                }
                IntIntHashMap counts = new IntIntHashMap();
                for (int e : m.list()) {
                    counts.addToValue(e, 1);
                }
                if (counts.size() == m.list().length) {
                    continue;
                }
                Map<String, Integer> dups = new TreeMap<>();
                counts.forEachKeyValue((e, n) -> {
                    if (n > 1) {
                        dups.put(txns.elementNode(e).toString(), n);
                    }
                });
                Map<String, Object> c = opCase(op, m);
                c.put("duplicates", dups);
                cases.add(c);
            }
        }
        return cases;
    }

    /** incompatible-orders: per key, the first two reads (by length) of which one is not a prefix of the next. */
    static List<Map<String, Object>> incompatibleOrders(AppendTxns txns, AppendOrders orders) {
        List<Map<String, Object>> cases = new ArrayList<>();
        for (int k : txns.keysInMapOrder()) {
            List<int[]> values = orders.sorted.get(k);
            for (int i = 0; i + 1 < values.size(); i++) {
                if (!AppendOrders.prefix(values.get(i), values.get(i + 1))) {
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("key", txns.keyNode(k));
                    c.put("values", List.of(list(txns, values.get(i)), list(txns, values.get(i + 1))));
                    cases.add(c);
                    break;
                }
            }
        }
        return cases;
    }

    private static JsonNode list(AppendTxns txns, int[] elements) {
        ArrayNode a = JSON.arrayNode();
        for (int e : elements) {
            a.add(txns.elementNode(e));
        }
        return a;
    }

    /**
     * dirty-update-cases: along each key's version order (inferred from every client op, as
     * Elle does here), an element appended by a failed txn followed, possibly through info
     * ones, by one from an ok txn. Writers are the last completion that appended the element.
     *
     * @throws UnwrittenElement when the order holds an element no completion appended
     */
    static List<Map<String, Object>> dirtyUpdates(AppendTxns txns) {
        AppendOrders orders = new AppendOrders(txns, op -> true);
        LongIntHashMap writers = new LongIntHashMap();
        for (Op op : txns.clientOps) {
            if (!op.isInvoke()) {
                for (AppendTxns.Mop m : txns.mops(op)) {
                    if (m.write()) {
                        writers.put(AppendTxns.pair(m.k(), m.element()), op.index());
                    }
                }
            }
        }
        List<Map<String, Object>> cases = new ArrayList<>();
        for (int k : txns.keysInMapOrder()) {
            Op.Type t1Type = Op.Type.OK; // the initial state is committed
            int t1 = -1;
            List<Integer> vs = new ArrayList<>();
            for (int v : orders.order[k]) {
                vs.add(v);
                int t2 = writers.getIfAbsent(AppendTxns.pair(k, v), -1);
                if (t2 < 0) {
                    throw new UnwrittenElement(txns.keyNode(k), txns.elementNode(v));
                }
                Op.Type t2Type = txns.op(t2).type();
                if (t2Type == Op.Type.INFO) {
                    continue; // can't say: keep t1 and the range so far
                }
                if (t2Type == Op.Type.FAIL && t1Type == Op.Type.FAIL) {
                    continue; // cover the whole aborted range
                }
                if (t1Type == Op.Type.FAIL && t2Type == Op.Type.OK) {
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("key", txns.keyNode(k));
                    List<Object> values = new ArrayList<>();
                    vs.forEach(e -> values.add(txns.elementNode(e)));
                    c.put("values", values);
                    c.put("txns", List.of(HistoryFile.line(txns.op(t1)), "...", HistoryFile.line(txns.op(t2))));
                    cases.add(c);
                }
                t1 = t2;
                t1Type = t2Type;
                vs = new ArrayList<>(List.of(v));
            }
        }
        return cases;
    }

    /** Ours: each ok or info read's elements that no completed txn appended, one case per element. */
    static List<Map<String, Object>> unwrittenReads(AppendTxns txns) {
        LongHashSet written = new LongHashSet();
        for (Op op : txns.clientOps) {
            if (!op.isInvoke()) {
                for (AppendTxns.Mop m : txns.mops(op)) {
                    if (m.write()) {
                        written.add(AppendTxns.pair(m.k(), m.element()));
                    }
                }
            }
        }
        List<Map<String, Object>> cases = new ArrayList<>();
        for (Op op : txns.clientOps) {
            if (!AppendTxns.possible(op)) {
                continue;
            }
            for (AppendTxns.Mop m : txns.mops(op)) {
                if (m.write() || m.list() == null) {
                    continue;
                }
                for (int e : m.list()) {
                    if (!written.contains(AppendTxns.pair(m.k(), e))) {
                        Map<String, Object> c = opCase(op, m);
                        c.put("element", txns.elementNode(e));
                        cases.add(c);
                    }
                }
            }
        }
        return cases;
    }
}
