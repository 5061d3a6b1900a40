package glomers.harness.check.elle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import glomers.harness.history.Op;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** Hand-made dependency graphs for the Elle tests: ops are just indices, steps name their rel. */
final class Graphs {

    static final int WW = Rel.WW.bit();
    static final int WR = Rel.WR.bit();
    static final int RW = Rel.RW.bit();
    static final int RT = Rel.REALTIME.bit();
    static final int PROC = Rel.PROCESS.bit();

    static final IntFunction<Op> OPS = i -> new Op(i, 0, Op.Type.OK, "txn", NullNode.getInstance(), i, false, null);

    private Graphs() {
    }

    /** Edges as {from, to, rels} triples. */
    static DepGraph graph(int[]... edges) {
        DepGraph g = new DepGraph();
        for (int[] e : edges) {
            g.link(e[0], e[1], e[2]);
        }
        return g;
    }

    static int[] e(int from, int to, int rels) {
        return new int[] {from, to, rels};
    }

    /** Explains an edge by its first rel in Elle's data-first order, as the real explainers would. */
    static PairExplainer explainer(DepGraph g) {
        return (a, b) -> {
            int rels = g.rels(a, b);
            for (Rel r : CycleAnomalies.DATA_FIRST) {
                if ((rels & r.bit()) != 0) {
                    return new Step() {
                        @Override
                        public Rel type() {
                            return r;
                        }

                        @Override
                        public Map<String, Object> fields() {
                            return Map.of();
                        }

                        @Override
                        public String render(String x, String y) {
                            return x + " " + r.elleName() + " " + y;
                        }
                    };
                }
            }
            return null;
        };
    }

    static Map<String, List<Map<String, Object>>> anomalies(DepGraph g) {
        return CycleAnomalies.find(g, explainer(g), CycleAnomalies.DATA_FIRST, OPS,
                CycleAnomalies.DEFAULT_STEPS_PER_COMPONENT);
    }

    /** The op indices of a cycle anomaly, the first repeated at the end. */
    static List<Integer> cycle(Map<String, Object> anomaly) {
        return ((List<?>) anomaly.get("cycle")).stream().map(o -> ((JsonNode) o).path("index").asInt()).toList();
    }
}
