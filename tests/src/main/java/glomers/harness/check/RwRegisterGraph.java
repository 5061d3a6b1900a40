package glomers.harness.check;

import glomers.harness.check.elle.DepGraph;
import glomers.harness.check.elle.PairExplainer;
import glomers.harness.check.elle.Rel;
import glomers.harness.check.elle.Sccs;
import glomers.harness.check.elle.Step;
import glomers.harness.history.Op;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * elle.rw-register's dependency graph as Maelstrom configures it ({@code :wfr-keys? true}):
 *
 * <ul>
 *   <li>wr: the one ok txn that wrote k = v (externally) precedes every ok txn that read it;
 *       a value written by two ok txns makes the analysis throw, as Elle does.</li>
 *   <li>a version order per key, from two sources only: nil precedes every value any ok or
 *       info txn wrote or any ok txn read ({@code initial-state}), and within one ok txn the
 *       value it read first precedes the value it wrote last ({@code wfr-keys}). A source whose
 *       edges close a cycle in some key's order is dropped whole and reported as
 *       {@code cyclic-versions}.</li>
 *   <li>from each version edge v1 -> v2: ww from v1's writers to v2's, rw from v1's readers to
 *       v2's writers, never from an op to itself.</li>
 *   <li>the realtime or process order, when the models need it.</li>
 * </ul>
 *
 * Every inferred ww edge therefore comes with a wr edge between the same two txns (the writer of
 * v2 read v1), and wr is what explains it, so Elle never reports G0 here, only
 * PL-1-cycle-exists (jepsen-io/maelstrom#56).
 */
final class RwRegisterGraph {

    final DepGraph graph = new DepGraph();
    final PairExplainer explainer;
    final List<Map<String, Object>> cyclicVersions = new ArrayList<>();

    private final RwTxns txns;
    private final Map<Integer, Map<ClojureValues.Key, ClojureValues.Key>> extReads = new HashMap<>();
    private final Map<Integer, Map<ClojureValues.Key, ClojureValues.Key>> extWrites = new HashMap<>();
    private final Map<ClojureValues.Key, Map<ClojureValues.Key, List<Integer>>> readIndex = new LinkedHashMap<>();
    private final Map<ClojureValues.Key, Map<ClojureValues.Key, List<Integer>>> writeIndex = new LinkedHashMap<>();
    /** Per key, each value's direct successors in the version order. */
    private Map<ClojureValues.Key, Map<ClojureValues.Key, Set<ClojureValues.Key>>> versions = new LinkedHashMap<>();

    private static final ClojureValues.Key NIL = new ClojureValues.Key(null);

    RwRegisterGraph(RwTxns txns, ElleResults.Order order) {
        this.txns = txns;
        for (Op op : txns.clientOps) {
            if (op.isOk() || op.type() == Op.Type.INFO) {
                extReads.put(op.index(), txns.extReads(op));
                extWrites.put(op.index(), txns.extWrites(op));
            }
            if (op.isOk()) {
                index(readIndex, extReads.get(op.index()), op.index());
                index(writeIndex, extWrites.get(op.index()), op.index());
            }
        }
        wrEdges();
        versionOrders();
        versionEdges();
        List<PairExplainer> explainers = new ArrayList<>(List.of(this::explainWr, PairExplainer.firstOf(
                List.of(this::explainWw, this::explainRw))));
        order.addTo(graph, explainers, txns.clientOps, txns::op, txns::counterpart);
        this.explainer = PairExplainer.firstOf(explainers);
    }

    private static void index(Map<ClojureValues.Key, Map<ClojureValues.Key, List<Integer>>> idx,
                              Map<ClojureValues.Key, ClojureValues.Key> kvs, int op) {
        kvs.forEach((k, v) -> idx.computeIfAbsent(k, x -> new LinkedHashMap<>())
                .computeIfAbsent(v, x -> new ArrayList<>()).add(op));
    }

    private List<Integer> ops(Map<ClojureValues.Key, Map<ClojureValues.Key, List<Integer>>> idx,
                              ClojureValues.Key k, ClojureValues.Key v) {
        return idx.getOrDefault(k, Map.of()).getOrDefault(v, List.of());
    }

    /** wr-graph: each read's one writer precedes it. */
    private void wrEdges() {
        readIndex.forEach((k, byValue) -> byValue.forEach((v, readers) -> {
            List<Integer> writers = ops(writeIndex, k, v);
            if (writers.size() > 1) {
                List<Op> w = new ArrayList<>();
                writers.forEach(i -> w.add(txns.op(i)));
                throw new IllegalArgumentException("Key " + k + " had value " + v + " written by more than one op: " + w);
            }
            if (writers.size() == 1) {
                for (int r : readers) {
                    graph.link(writers.get(0), r, Rel.WR.bit());
                }
            }
        }));
    }

    /** version-graphs: initial-state, then wfr-keys, each kept only if it closes no cycle. */
    private void versionOrders() {
        Map<ClojureValues.Key, Map<ClojureValues.Key, Set<ClojureValues.Key>>> initial = new LinkedHashMap<>();
        for (Op op : txns.clientOps) {
            if (!op.isOk() && op.type() != Op.Type.INFO) {
                continue;
            }
            List<Map.Entry<ClojureValues.Key, ClojureValues.Key>> kvs = new ArrayList<>(extWrites.get(op.index()).entrySet());
            if (op.isOk()) {
                kvs.addAll(extReads.get(op.index()).entrySet());
            }
            for (var kv : kvs) {
                if (!ClojureValues.isNil(kv.getValue().node)) {
                    link(initial, kv.getKey(), NIL, kv.getValue());
                }
            }
        }
        Map<ClojureValues.Key, Map<ClojureValues.Key, Set<ClojureValues.Key>>> wfr = new LinkedHashMap<>();
        for (Op op : txns.clientOps) {
            if (!op.isOk()) {
                continue;
            }
            Map<ClojureValues.Key, ClojureValues.Key> writes = extWrites.get(op.index());
            extReads.get(op.index()).forEach((k, v) -> {
                if (!ClojureValues.isNil(v.node) && writes.containsKey(k)) {
                    link(wfr, k, v, writes.get(k));
                }
            });
        }
        List<String> sources = new ArrayList<>();
        for (var source : List.of(Map.entry("initial-state", initial), Map.entry("wfr-keys", wfr))) {
            var merged = union(versions, source.getValue());
            List<String> withThis = new ArrayList<>(sources);
            withThis.add(source.getKey());
            List<Map<String, Object>> cycles = cyclicVersions(merged, withThis);
            if (cycles.isEmpty()) {
                versions = merged;
                sources = withThis;
            } else {
                cyclicVersions.addAll(cycles);
            }
        }
    }

    private static void link(Map<ClojureValues.Key, Map<ClojureValues.Key, Set<ClojureValues.Key>>> g,
                             ClojureValues.Key k, ClojureValues.Key from, ClojureValues.Key to) {
        Map<ClojureValues.Key, Set<ClojureValues.Key>> vg = g.computeIfAbsent(k, x -> new LinkedHashMap<>());
        vg.computeIfAbsent(from, x -> new LinkedHashSet<>()).add(to);
        vg.computeIfAbsent(to, x -> new LinkedHashSet<>());
    }

    private static Map<ClojureValues.Key, Map<ClojureValues.Key, Set<ClojureValues.Key>>> union(
            Map<ClojureValues.Key, Map<ClojureValues.Key, Set<ClojureValues.Key>>> a,
            Map<ClojureValues.Key, Map<ClojureValues.Key, Set<ClojureValues.Key>>> b) {
        Map<ClojureValues.Key, Map<ClojureValues.Key, Set<ClojureValues.Key>>> u = new LinkedHashMap<>();
        for (var g : List.of(a, b)) {
            g.forEach((k, vg) -> vg.forEach((from, tos) -> {
                u.computeIfAbsent(k, x -> new LinkedHashMap<>()).computeIfAbsent(from, x -> new LinkedHashSet<>());
                tos.forEach(to -> link(u, k, from, to));
            }));
        }
        return u;
    }

    /**
     * cyclic-version-cases: per key, each cycle of two or more values. Elle sorts a key's
     * cycles by their least value with Clojure's {@code min}, which throws on non-numbers once
     * there are two to sort; so does this.
     */
    private static List<Map<String, Object>> cyclicVersions(
            Map<ClojureValues.Key, Map<ClojureValues.Key, Set<ClojureValues.Key>>> graphs, List<String> sources) {
        List<Map<String, Object>> cases = new ArrayList<>();
        graphs.forEach((k, vg) -> {
            List<ClojureValues.Key> values = new ArrayList<>(vg.keySet());
            Map<ClojureValues.Key, Integer> id = new HashMap<>();
            for (int i = 0; i < values.size(); i++) {
                id.put(values.get(i), i);
            }
            DepGraph g = new DepGraph();
            vg.forEach((from, tos) -> tos.forEach(to -> g.link(id.get(from), id.get(to), 0)));
            List<List<ClojureValues.Key>> sccs = new ArrayList<>();
            for (int[] scc : Sccs.of(g)) {
                List<ClojureValues.Key> members = new ArrayList<>();
                for (int i : scc) {
                    members.add(values.get(i));
                }
                sccs.add(members);
            }
            if (sccs.size() > 1) {
                sccs.sort(Comparator.comparingDouble(RwRegisterGraph::least));
            }
            for (List<ClojureValues.Key> scc : sccs) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("key", k.node);
                List<Object> vals = new ArrayList<>();
                scc.forEach(v -> vals.add(v.node));
                c.put("scc", vals);
                c.put("sources", List.copyOf(sources));
                cases.add(c);
            }
        });
        return cases;
    }

    private static double least(List<ClojureValues.Key> scc) {
        double min = Double.POSITIVE_INFINITY;
        for (ClojureValues.Key v : scc) {
            if (v.node == null || !v.node.isNumber()) {
                throw new ClassCastException("Elle sorts cyclic versions with min, which cannot compare " + v);
            }
            min = Math.min(min, v.node.doubleValue());
        }
        return min;
    }

    /** version-graphs->transaction-graph: ww and rw edges along each version edge. */
    private void versionEdges() {
        versions.forEach((k, vg) -> vg.forEach((v1, successors) -> {
            for (ClojureValues.Key v2 : successors) {
                List<Integer> v1Reads = ops(readIndex, k, v1);
                List<Integer> v1Writes = ops(writeIndex, k, v1);
                List<Integer> v2Writes = ops(writeIndex, k, v2);
                for (int b : v2Writes) {
                    for (int a : v1Writes) {
                        linkOther(a, b, Rel.WW);
                    }
                    for (int a : v1Reads) {
                        linkOther(a, b, Rel.RW);
                    }
                }
            }
        }));
    }

    /** Links a to b, except that a self-edge only leaves its vertex behind, as Elle's unlinking does. */
    private void linkOther(int a, int b, Rel rel) {
        graph.link(a, b, rel.bit());
        if (a == b) {
            graph.unlink(a, a);
        }
    }

    private Step explainWr(int a, int b) {
        Map<ClojureValues.Key, ClojureValues.Key> reads = extReads.getOrDefault(b, Map.of());
        for (var w : extWrites.getOrDefault(a, Map.of()).entrySet()) {
            ClojureValues.Key k = w.getKey();
            if (reads.containsKey(k) && reads.get(k).equals(w.getValue())) {
                return Step.of(Rel.WR, fields(k, w.getValue(), null, mop(a, true, k, w.getValue()),
                        mop(b, false, k, w.getValue())), (x, y) -> x + " wrote " + k + " = " + w.getValue()
                        + ", which was read by " + y);
            }
        }
        return null;
    }

    private Step explainWw(int a, int b) {
        return explainVersions(a, b, extWrites, true, Rel.WW);
    }

    private Step explainRw(int a, int b) {
        return explainVersions(a, b, extReads, false, Rel.RW);
    }

    /** explain-op-deps: a key where a's value directly precedes b's written value. */
    private Step explainVersions(int a, int b, Map<Integer, Map<ClojureValues.Key, ClojureValues.Key>> aSide,
                                 boolean aWrites, Rel rel) {
        Map<ClojureValues.Key, ClojureValues.Key> bWrites = extWrites.getOrDefault(b, Map.of());
        for (var av : aSide.getOrDefault(a, Map.of()).entrySet()) {
            ClojureValues.Key k = av.getKey();
            Map<ClojureValues.Key, Set<ClojureValues.Key>> vg = versions.get(k);
            ClojureValues.Key bv = bWrites.get(k);
            if (vg != null && bv != null && vg.getOrDefault(av.getValue(), Set.of()).contains(bv)) {
                ClojureValues.Key v = av.getValue();
                String verb = aWrites ? " set key " + k + " to " + v : " read key " + k + " = " + v;
                return Step.of(rel, fields(k, v, bv, mop(a, aWrites, k, v), mop(b, true, k, bv)),
                        (x, y) -> x + verb + ", and " + y + " set it to " + bv
                                + ", which came later in the version order");
            }
        }
        return null;
    }

    private int mop(int op, boolean write, ClojureValues.Key k, ClojureValues.Key v) {
        return txns.mopIndex(txns.op(op), write, k, v);
    }

    private static Map<String, Object> fields(ClojureValues.Key k, ClojureValues.Key v, ClojureValues.Key v2,
                                              int aMop, int bMop) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", k.node);
        m.put("value", v.node);
        if (v2 != null) {
            m.put("value'", v2.node);
        }
        m.put("a-mop-index", aMop);
        m.put("b-mop-index", bMop);
        return m;
    }
}
