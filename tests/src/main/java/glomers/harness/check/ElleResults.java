package glomers.harness.check;

import com.fasterxml.jackson.databind.JsonNode;
import glomers.harness.check.elle.ConsistencyModels;
import glomers.harness.check.elle.CycleAnomalies;
import glomers.harness.check.elle.DepGraph;
import glomers.harness.check.elle.OrderGraphs;
import glomers.harness.check.elle.PairExplainer;
import glomers.harness.check.elle.Rel;
import glomers.harness.history.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/**
 * What Elle's transactional checkers (rw-register, list-append) share around their own analyses:
 * which order graph the models need (elle.txn/additional-graphs), the reported subset of what was
 * found (elle.txn/result-map with remove-redundant-cycle-exists), and our extra findings beside
 * it: the models, which prohibited types the analysis looked for and which it cannot find, the
 * types found that the models allow, and each reported type's first case in one line.
 */
final class ElleResults {

    /** Which order graph the models need beside the data dependencies. */
    enum Order {
        NONE, PROCESS, REALTIME;

        /** elle.txn/additional-graphs: realtime if a reportable type needs it, else process if one does. */
        static Order of(Set<String> reportable) {
            boolean realtime = false;
            boolean process = false;
            for (String t : CycleAnomalies.cycleTypes()) {
                if (reportable.contains(t)) {
                    realtime |= t.contains("-realtime");
                    process |= t.contains("-process");
                }
            }
            return realtime ? REALTIME : process ? PROCESS : NONE;
        }

        int rels() {
            return switch (this) {
                case NONE -> 0;
                case PROCESS -> Rel.PROCESS.bit();
                case REALTIME -> Rel.REALTIME.bit();
            };
        }

        /** Adds this order's edges to {@code graph} and its explainer after the others. */
        void addTo(DepGraph graph, List<PairExplainer> explainers, List<Op> clientOps, IntFunction<Op> ops,
                   IntUnaryOperator counterpart) {
            switch (this) {
                case REALTIME -> {
                    graph.addAll(OrderGraphs.realtime(clientOps, counterpart));
                    explainers.add(OrderGraphs.realtimeExplainer(ops, counterpart));
                }
                case PROCESS -> {
                    graph.addAll(OrderGraphs.process(clientOps));
                    explainers.add(OrderGraphs.processExplainer(ops));
                }
                case NONE -> { }
            }
        }
    }

    private ElleResults() {
    }

    /** elle.txn/result-map's reportable anomalies: those of reportable types, less redundant cycle-exists proofs. */
    static Map<String, Object> reported(Map<String, Object> anomalies, Set<String> reportable) {
        Map<String, Object> reported = new TreeMap<>();
        anomalies.forEach((t, cases) -> {
            if (reportable.contains(t)) {
                reported.put(t, cases);
            }
        });
        List<String> others = new ArrayList<>();
        for (String t : reported.keySet()) {
            if (!CycleAnomalies.isCycleExists(t)) {
                others.add(t);
            }
        }
        Set<String> ruledOut = ConsistencyModels.modelsRuledOutBy(others);
        reported.keySet().removeIf(t -> CycleAnomalies.isCycleExists(t)
                && ruledOut.contains(CycleAnomalies.cycleExistsModel(t)));
        return reported;
    }

    /**
     * The extra findings: {@code consistency-models}; {@code checked}, the prohibited types this
     * analysis can produce ({@code direct} ones plus the cycle types its graph allows);
     * {@code not-checked}, the prohibited ones it never can; {@code allowed-anomaly-types}, found
     * but not reportable, with counts; {@code first-case}, one line per reported type.
     */
    static Map<String, Object> extra(List<String> models, Set<String> direct, Order order,
                                     Map<String, Object> anomalies, Map<String, Object> reported) {
        Set<String> prohibited = ConsistencyModels.prohibitedBy(models);
        Set<String> reportable = ConsistencyModels.reportable(models);
        Set<String> computable = new TreeSet<>(direct);
        computable.addAll(CycleAnomalies.findableTypes(order.rels()));
        Map<String, Object> extra = new java.util.LinkedHashMap<>();
        extra.put("consistency-models", models);
        Set<String> checked = new TreeSet<>(prohibited);
        checked.retainAll(computable);
        Set<String> notChecked = new TreeSet<>(prohibited);
        notChecked.removeAll(computable);
        extra.put("checked", checked);
        extra.put("not-checked", notChecked);
        Map<String, Integer> allowed = new TreeMap<>();
        anomalies.forEach((t, cases) -> {
            if (!reportable.contains(t)) {
                allowed.put(t, cases instanceof List<?> l ? l.size() : 1);
            }
        });
        extra.put("allowed-anomaly-types", allowed);
        Map<String, String> explained = new TreeMap<>();
        reported.forEach((t, cases) -> explained.put(t, firstCase(t, cases)));
        extra.put("first-case", explained);
        return extra;
    }

    /** The first case of a reported type, in one line, so a failure explains itself in a table row. */
    @SuppressWarnings("unchecked")
    static String firstCase(String type, Object cases) {
        if (!(cases instanceof List<?> list) || list.isEmpty()) {
            return type.equals("empty-transaction-graph") ? "no dependency between any two txns could be inferred"
                    : String.valueOf(cases);
        }
        Map<String, Object> c = (Map<String, Object>) list.get(0);
        if (c.containsKey("explanation")) {
            return String.valueOf(c.get("explanation")).replaceAll("\\s+", " ").trim();
        }
        if (c.containsKey("element") && c.containsKey("writer")) {
            return "op " + index(c.get("op")) + " read " + c.get("mop") + ", whose element " + c.get("element")
                    + " op " + index(c.get("writer")) + " appended"
                    + (type.equals("G1a") ? ", and that txn failed" : ", and then appended again to that key");
        }
        if (c.containsKey("writer")) {
            return "op " + index(c.get("op")) + " read " + c.get("mop") + ", written by op " + index(c.get("writer"))
                    + (type.equals("G1a") ? ", which failed" : ", which overwrote it later in the same txn");
        }
        if (c.containsKey("expected")) {
            return "op " + index(c.get("op")) + " read " + c.get("mop") + " though the txn had set or read "
                    + c.get("expected");
        }
        if (c.containsKey("element")) {
            return "op " + index(c.get("op")) + " read " + c.get("mop") + ", which holds " + c.get("element")
                    + ", an element the same txn appends only later";
        }
        if (c.containsKey("duplicates")) {
            return "op " + index(c.get("op")) + " read " + c.get("mop") + ", in which these elements appear more "
                    + "than once (element=count): " + c.get("duplicates");
        }
        if (c.containsKey("values") && !c.containsKey("txns")) {
            return "key " + c.get("key") + ": reads " + c.get("values") + " are not prefixes of one another, so no "
                    + "single order of appends explains both";
        }
        if (c.containsKey("values")) {
            List<Object> ops = new ArrayList<>();
            ((List<?>) c.get("txns")).forEach(op -> ops.add(op instanceof JsonNode ? index(op) : op));
            return "key " + c.get("key") + ": elements " + c.get("values") + " follow, in the version order, an append "
                    + "by a failed txn and end with one by an ok txn " + ops;
        }
        if (c.containsKey("txns")) {
            List<Object> ops = new ArrayList<>();
            ((List<?>) c.get("txns")).forEach(op -> ops.add(index(op)));
            return "ops " + ops + " all read key " + c.get("key") + " = " + c.get("value") + " and then wrote it";
        }
        if (c.containsKey("sources")) {
            return "key " + c.get("key") + ": values " + c.get("scc") + " each precede the other in the version order "
                    + "inferred from " + c.get("sources");
        }
        if (c.containsKey("subgraph")) {
            return "ops " + c.get("scc") + " form a cycle of " + c.get("subgraph") + " edges, so not " + c.get("not");
        }
        if (c.containsKey("anomaly-spec-type")) {
            return "the search for " + c.get("anomaly-spec-type") + " ran out of steps in a component of "
                    + c.get("scc-size") + " ops";
        }
        return String.valueOf(c);
    }

    private static Object index(Object historyLine) {
        return historyLine instanceof JsonNode n ? n.path("index") : historyLine;
    }
}
