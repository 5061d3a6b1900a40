package glomers.harness.check;

import glomers.harness.history.HistoryFile;
import glomers.harness.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Lost updates as Elle finds them for every transactional workload, rw-register and list-append alike. */
final class LostUpdates {

    private LostUpdates() {
    }

    /**
     * elle.txn/lost-update-cases: two or more ok txns that read the same value of a key and then wrote
     * that key. As in Elle, "read" is a txn's first read of the key, even one after its own
     * write, and a write counts only once a read of the key came before it.
     */
    static List<Map<String, Object>> of(List<Op> clientOps, Function<Op, List<? extends TxnMop>> mops) {
        Map<ClojureValues.Key, Map<ClojureValues.Key, List<Op>>> byRead = new LinkedHashMap<>();
        for (Op op : clientOps) {
            if (!op.isOk()) {
                continue;
            }
            Map<ClojureValues.Key, ClojureValues.Key> reads = new HashMap<>();
            Set<ClojureValues.Key> written = new LinkedHashSet<>();
            for (TxnMop m : mops.apply(op)) {
                ClojureValues.Key read = reads.get(m.key());
                boolean haveRead = reads.containsKey(m.key());
                if (m.write() && !written.contains(m.key())) {
                    if (haveRead) {
                        byRead.computeIfAbsent(m.key(), k -> new LinkedHashMap<>())
                                .computeIfAbsent(read, v -> new ArrayList<>()).add(op);
                        written.add(m.key());
                    }
                } else if (!m.write() && !haveRead) {
                    reads.put(m.key(), m.value());
                }
            }
        }
        List<Map<String, Object>> cases = new ArrayList<>();
        byRead.forEach((k, byValue) -> byValue.forEach((v, ops) -> {
            if (ops.size() >= 2) {
                List<Object> lines = new ArrayList<>();
                ops.forEach(op -> lines.add(HistoryFile.line(op)));
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("key", k.node);
                c.put("value", v.node);
                c.put("txns", lines);
                cases.add(c);
            }
        }));
        return cases;
    }
}
