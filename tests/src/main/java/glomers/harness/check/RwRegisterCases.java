package glomers.harness.check;

import glomers.harness.history.HistoryFile;
import glomers.harness.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The anomalies elle.rw-register finds without the graph: internal inconsistency, aborted reads
 * (G1a), intermediate reads (G1b) and lost updates. Each is a list of cases in history order,
 * each case a map with Elle's keys, its ops as history lines; an empty list means none.
 */
final class RwRegisterCases {

    private RwRegisterCases() {
    }

    private static Map<String, Object> opMop(String k1, Object v1, String k2, Object v2, String k3, Object v3) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        m.put(k3, v3);
        return m;
    }

    /**
     * op-internal-case: within one ok txn, a read that disagrees with what the txn last wrote or
     * read of that key (a nil or false expectation is not checked, as Elle's truthiness test
     * skips it). One case per op, its first disagreement.
     */
    static List<Map<String, Object>> internal(RwTxns txns) {
        List<Map<String, Object>> cases = new ArrayList<>();
        for (Op op : txns.clientOps) {
            if (!op.isOk()) {
                continue;
            }
            Map<ClojureValues.Key, ClojureValues.Key> state = new HashMap<>();
            for (RwTxns.Mop m : txns.mops(op)) {
                ClojureValues.Key expected = state.get(m.key());
                if (!m.write() && expected != null && truthy(expected) && !expected.equals(m.value())) {
                    cases.add(opMop("op", HistoryFile.line(op), "mop", m.raw(), "expected", expected.node));
                    break;
                }
                state.put(m.key(), m.value());
            }
        }
        return cases;
    }

    private static boolean truthy(ClojureValues.Key v) {
        return !ClojureValues.isNil(v.node) && !(v.node.isBoolean() && !v.node.booleanValue());
    }

    /**
     * g1a-cases: an ok op read a value that a failed op wrote (any of its writes, final or not).
     * A failed txn's value is the one it was invoked with, so those are the writes it attempted.
     */
    static List<Map<String, Object>> g1a(RwTxns txns) {
        Map<ClojureValues.Key, Map<ClojureValues.Key, Integer>> failed = new HashMap<>();
        for (Op op : txns.clientOps) {
            if (op.type() == Op.Type.FAIL) {
                for (RwTxns.Mop m : txns.mops(op)) {
                    if (m.write()) {
                        failed.computeIfAbsent(m.key(), k -> new HashMap<>()).put(m.value(), op.index());
                    }
                }
            }
        }
        return readsOf(txns, failed, false);
    }

    /**
     * g1b-cases: an ok op read a value that another op wrote and then overwrote in the same txn.
     * Every client op counts, invocations too; for a value written so by several ops the last in
     * the history is the writer (the completion rather than its invocation). A txn reading its
     * own intermediate write is fine.
     */
    static List<Map<String, Object>> g1b(RwTxns txns) {
        Map<ClojureValues.Key, Map<ClojureValues.Key, Integer>> intermediate = new HashMap<>();
        for (Op op : txns.clientOps) {
            Map<ClojureValues.Key, ClojureValues.Key> last = new HashMap<>();
            for (RwTxns.Mop m : txns.mops(op)) {
                if (m.write()) {
                    ClojureValues.Key prev = last.put(m.key(), m.value());
                    if (prev != null && truthy(prev)) { // Elle's if-let: a nil or false write is no write
                        intermediate.computeIfAbsent(m.key(), k -> new HashMap<>()).put(prev, op.index());
                    }
                }
            }
        }
        return readsOf(txns, intermediate, true);
    }

    private static List<Map<String, Object>> readsOf(RwTxns txns,
                                                     Map<ClojureValues.Key, Map<ClojureValues.Key, Integer>> writers,
                                                     boolean skipOwn) {
        List<Map<String, Object>> cases = new ArrayList<>();
        for (Op op : txns.clientOps) {
            if (!op.isOk()) {
                continue;
            }
            for (RwTxns.Mop m : txns.mops(op)) {
                Integer writer = m.write() ? null : writers.getOrDefault(m.key(), Map.of()).get(m.value());
                if (writer != null && !(skipOwn && writer == op.index())) {
                    cases.add(opMop("op", HistoryFile.line(op), "mop", m.raw(), "writer", HistoryFile.line(txns.op(writer))));
                }
            }
        }
        return cases;
    }
}
