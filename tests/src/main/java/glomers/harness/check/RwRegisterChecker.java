package glomers.harness.check;

import com.fasterxml.jackson.databind.JsonNode;
import glomers.harness.check.elle.ConsistencyModels;
import glomers.harness.check.elle.CycleAnomalies;
import glomers.harness.check.elle.Rel;
import glomers.harness.history.History;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Maelstrom's txn-rw-register checker: Elle v0.2.2's rw-register check with
 * {@code :wfr-keys? true} (elle.rw-register/check, elle.txn/result-map), wrapped as
 * txn_rw_register.clj wraps it.
 *
 * <p>Elle computes internal inconsistency, G1a, G1b and lost updates directly; cyclic versions
 * while inferring the version order; the cycle anomalies (G0, G1c, G-single-item,
 * G-nonadjacent-item, G2-item, and their -realtime or -process forms when the models bring that
 * order in) and the cycle-exists proofs on the dependency graph ({@link RwRegisterGraph}); and
 * empty-transaction-graph when no dependency at all was inferred. Of what it finds it reports
 * only the types the models prohibit, plus empty-transaction-graph and cycle-search-timeout;
 * Maelstrom then drops cycle-search-timeout and calls the run valid exactly when no reported
 * type is left, so an empty graph fails rather than being unknown. The models come from
 * {@code --consistency-models} as Maelstrom parses it (default strict-serializable); an unknown
 * one makes the checker throw, so the verdict is unknown, as in Maelstrom.
 *
 * <p>Fields, as Maelstrom's: {@code valid?}, {@code anomaly-types} (sorted),
 * {@code anomalies} (type to cases; null when there are none), and when some type was reported
 * {@code not} and {@code also-not}, the models every type found (reported or not) rules out. In
 * the extra findings: the models, which prohibited types were looked for ({@code checked}) and
 * which this analysis can never find ({@code not-checked}, e.g. list-append's dirty updates),
 * the types found that the models allow ({@code allowed-anomaly-types}, with counts), and a
 * {@code cycle-search-timeout} if a component's search ran out of steps, and the first case of
 * each reported type in one line ({@code first-case}).
 */
public final class RwRegisterChecker implements Checker {

    /** The anomaly types this analysis can produce besides the cycle searches'. */
    private static final Set<String> DIRECT = Set.of("internal", "G1a", "G1b", "lost-update", "cyclic-versions",
            "empty-transaction-graph");

    private final String consistencyModels;
    private final long stepsPerComponent;

    /** @param consistencyModels the {@code --consistency-models} option as given */
    public RwRegisterChecker(String consistencyModels) {
        this(consistencyModels, CycleAnomalies.DEFAULT_STEPS_PER_COMPONENT);
    }

    RwRegisterChecker(String consistencyModels, long stepsPerComponent) {
        this.consistencyModels = consistencyModels;
        this.stepsPerComponent = stepsPerComponent;
    }

    @Override
    public String name() {
        return "txn-rw-register";
    }

    @Override
    public CheckResult check(History history, RunFacts facts) {
        List<String> models = ConsistencyModels.parseOption(consistencyModels);
        Set<String> prohibited = ConsistencyModels.prohibitedBy(models);
        Set<String> reportable = ConsistencyModels.reportable(models);
        RwRegisterGraph.Order order = order(reportable);

        RwTxns txns = new RwTxns(history);
        txns.assertKeyTypesAgree();
        RwRegisterGraph g = new RwRegisterGraph(txns, order);
        Map<String, Object> anomalies = new LinkedHashMap<>();
        if (!g.cyclicVersions.isEmpty()) {
            anomalies.put("cyclic-versions", g.cyclicVersions);
        }
        if (g.graph.vertexCount() == 0) {
            anomalies.put("empty-transaction-graph", true);
        }
        anomalies.putAll(CycleAnomalies.find(g.graph, g.explainer, CycleAnomalies.DATA_FIRST, txns::op,
                stepsPerComponent));
        putIfAny(anomalies, "internal", RwRegisterCases.internal(txns));
        putIfAny(anomalies, "G1a", RwRegisterCases.g1a(txns));
        putIfAny(anomalies, "G1b", RwRegisterCases.g1b(txns));
        putIfAny(anomalies, "lost-update", RwRegisterCases.lostUpdates(txns));

        return result(models, prohibited, reportable, order, anomalies);
    }

    /** elle.txn/additional-graphs: realtime if a reportable type needs it, else process if one does. */
    private static RwRegisterGraph.Order order(Set<String> reportable) {
        boolean realtime = false;
        boolean process = false;
        for (String t : CycleAnomalies.cycleTypes()) {
            if (reportable.contains(t)) {
                realtime |= t.contains("-realtime");
                process |= t.contains("-process");
            }
        }
        return realtime ? RwRegisterGraph.Order.REALTIME
                : process ? RwRegisterGraph.Order.PROCESS : RwRegisterGraph.Order.NONE;
    }

    private static void putIfAny(Map<String, Object> anomalies, String type, List<Map<String, Object>> cases) {
        if (!cases.isEmpty()) {
            anomalies.put(type, cases);
        }
    }

    private CheckResult result(List<String> models, Set<String> prohibited, Set<String> reportable,
                               RwRegisterGraph.Order order, Map<String, Object> anomalies) {
        // elle.txn/result-map: what is reported, less the cycle-exists proofs other types imply.
        Map<String, Object> reported = new TreeMap<>();
        anomalies.forEach((t, cases) -> {
            if (reportable.contains(t)) {
                reported.put(t, cases);
            }
        });
        removeRedundantCycleExists(reported);
        // txn_rw_register.clj: timeouts are dropped, and valid means nothing else was reported.
        Object timeout = reported.remove("cycle-search-timeout");
        Validity v = Validity.of(reported.isEmpty());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("valid?", Fields.valid(v));
        fields.put("anomaly-types", new ArrayList<>(reported.keySet()));
        fields.put("anomalies", reported.isEmpty() ? null : reported);
        if (!reported.isEmpty() || timeout != null) {
            ConsistencyModels.Boundary b = ConsistencyModels.boundary(anomalies.keySet());
            fields.put("not", b.not());
            fields.put("also-not", b.alsoNot());
        }

        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("consistency-models", models);
        Set<String> computable = computable(order);
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
        if (timeout != null) {
            extra.put("cycle-search-timeout", timeout);
        }
        Map<String, String> explained = new TreeMap<>();
        reported.forEach((t, cases) -> explained.put(t, firstCase(t, cases)));
        extra.put("first-case", explained);
        return new CheckResult(name(), v, fields, extra);
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
        if (c.containsKey("writer")) {
            return "op " + index(c.get("op")) + " read " + c.get("mop") + ", written by op " + index(c.get("writer"))
                    + (type.equals("G1a") ? ", which failed" : ", which overwrote it later in the same txn");
        }
        if (c.containsKey("expected")) {
            return "op " + index(c.get("op")) + " read " + c.get("mop") + " though the txn had set or read "
                    + c.get("expected");
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
        return String.valueOf(c);
    }

    private static Object index(Object historyLine) {
        return historyLine instanceof JsonNode n ? n.path("index") : historyLine;
    }

    /** Every type this analysis can report, given the order graph it built. */
    private static Set<String> computable(RwRegisterGraph.Order order) {
        Set<String> c = new TreeSet<>(DIRECT);
        c.addAll(CycleAnomalies.findableTypes(switch (order) {
            case NONE -> 0;
            case PROCESS -> Rel.PROCESS.bit();
            case REALTIME -> Rel.REALTIME.bit();
        }));
        return c;
    }

    /** elle.txn/remove-redundant-cycle-exists: drop proofs for models other types already rule out. */
    private static void removeRedundantCycleExists(Map<String, Object> reported) {
        List<String> others = new ArrayList<>();
        for (String t : reported.keySet()) {
            if (!CycleAnomalies.isCycleExists(t)) {
                others.add(t);
            }
        }
        Set<String> ruledOut = ConsistencyModels.modelsRuledOutBy(others);
        reported.keySet().removeIf(t -> CycleAnomalies.isCycleExists(t)
                && ruledOut.contains(CycleAnomalies.cycleExistsModel(t)));
    }
}
