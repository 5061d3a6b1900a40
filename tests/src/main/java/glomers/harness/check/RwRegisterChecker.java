package glomers.harness.check;

import glomers.harness.check.elle.ConsistencyModels;
import glomers.harness.check.elle.CycleAnomalies;
import glomers.harness.history.History;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        Set<String> reportable = ConsistencyModels.reportable(models);
        ElleResults.Order order = ElleResults.Order.of(reportable);

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
        putIfAny(anomalies, "lost-update", LostUpdates.of(txns.clientOps, txns::mops));

        return result(models, reportable, order, anomalies);
    }

    private static void putIfAny(Map<String, Object> anomalies, String type, List<Map<String, Object>> cases) {
        if (!cases.isEmpty()) {
            anomalies.put(type, cases);
        }
    }

    private CheckResult result(List<String> models, Set<String> reportable,
                               ElleResults.Order order, Map<String, Object> anomalies) {
        Map<String, Object> reported = ElleResults.reported(anomalies, reportable);
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
        Map<String, Object> extra = ElleResults.extra(models, DIRECT, order, anomalies, reported);
        if (timeout != null) {
            extra.put("cycle-search-timeout", timeout);
        }
        return new CheckResult(name(), v, fields, extra);
    }
}
