package glomers.harness.check;

import glomers.harness.check.elle.ConsistencyModels;
import glomers.harness.check.elle.CycleAnomalies;
import glomers.harness.history.History;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maelstrom's txn-list-append checker: Elle v0.2.2's list-append check
 * (elle.list-append/check, elle.txn/result-map), which Maelstrom reports unchanged.
 *
 * <p>Elle finds, without the graph, aborted reads (G1a), intermediate reads (G1b), internal
 * inconsistency and future reads, duplicate elements, incompatible orders, dirty updates and
 * lost updates ({@link AppendCases}, {@link LostUpdates}); on the dependency graph
 * ({@link AppendGraph}: ww, wr, rw from each key's version order, plus the realtime or process
 * order when the models need it) the cycles G0, G1c, G-single-item, G-nonadjacent-item, G2-item
 * and their -process or -realtime forms, and the cycle-exists proofs, each cycle explained step
 * by step; and empty-transaction-graph when the graph has no op at all. It reports the types the
 * models prohibit plus empty-transaction-graph and cycle-search-timeout: the verdict is false if
 * a prohibited type was found, else unknown if something was reported, else true. The models
 * come from {@code --consistency-models} as Maelstrom parses it (default strict-serializable).
 *
 * <p>Fields, as Elle's: {@code valid?}, {@code anomaly-types} (sorted; empty when valid),
 * {@code anomalies} (type to cases), and when some type was reported {@code not} and
 * {@code also-not}, the models every type found rules out. In the extra findings, as
 * {@link RwRegisterChecker}'s: the models, {@code checked} and {@code not-checked}, the
 * allowed types found, each reported type's first case in one line, and
 * {@code checker-seconds}, this analysis's own time with the history in memory (what Elle's
 * {@code checker_seconds} in Maelstrom's results counts).
 *
 * <p>Where Elle's search gives up on its clock ({@code cycle-search-timeout}, 1 s per
 * component) ours searches on: its step budget is far above what Maelstrom's histories need, so
 * it names the cycles it finds instead.
 *
 * <p>A read of an element no completed txn appended trips an {@code assert} in Elle's
 * dirty-update walk; that AssertionError escapes every guard and Maelstrom's whole result
 * becomes {@code {:valid? :unknown, :error ...}}. Ours gives the same verdict, unknown, with
 * Elle's message as {@code error}, and, in the extra findings, the reads that show such
 * elements ({@code unwritten-elements}) and what the rest of the analysis found
 * ({@code anomaly-types}, as if Elle had gone on), since "unknown" alone would hide that the
 * store invented an element.
 */
public final class ListAppendChecker implements Checker {

    /** The types this analysis produces besides the cycle searches'. */
    private static final Set<String> DIRECT = Set.of("internal", "future-read", "G1a", "G1b", "dirty-update",
            "duplicate-elements", "incompatible-order", "lost-update", "empty-transaction-graph");

    private final String consistencyModels;
    private final long stepsPerComponent;

    /** @param consistencyModels the {@code --consistency-models} option as given */
    public ListAppendChecker(String consistencyModels) {
        this(consistencyModels, CycleAnomalies.DEFAULT_STEPS_PER_COMPONENT);
    }

    ListAppendChecker(String consistencyModels, long stepsPerComponent) {
        this.consistencyModels = consistencyModels;
        this.stepsPerComponent = stepsPerComponent;
    }

    @Override
    public String name() {
        return "txn-list-append";
    }

    @Override
    public CheckResult check(History history, RunFacts facts) {
        long startNs = System.nanoTime();
        List<String> models = ConsistencyModels.parseOption(consistencyModels);
        Set<String> reportable = ConsistencyModels.reportable(models);
        ElleResults.Order order = ElleResults.Order.of(reportable);

        AppendTxns txns = new AppendTxns(history);
        Map<String, Object> anomalies = new LinkedHashMap<>();
        AppendCases.UnwrittenElement unwritten = null;
        try {
            putIfAny(anomalies, "dirty-update", AppendCases.dirtyUpdates(txns));
        } catch (AppendCases.UnwrittenElement e) {
            unwritten = e;
        }
        AppendGraph g = new AppendGraph(txns, order);
        if (g.graph.vertexCount() == 0) {
            anomalies.put("empty-transaction-graph", true);
        }
        anomalies.putAll(CycleAnomalies.find(g.graph, g.explainer, AppendGraph.LABEL_ORDER, txns::op,
                stepsPerComponent));
        putIfAny(anomalies, "duplicate-elements", AppendCases.duplicates(txns));
        putIfAny(anomalies, "incompatible-order", AppendCases.incompatibleOrders(txns, g.orders));
        putIfAny(anomalies, "internal", AppendCases.internal(txns));
        putIfAny(anomalies, "future-read", AppendCases.futureReads(txns));
        putIfAny(anomalies, "G1a", AppendCases.g1a(txns));
        putIfAny(anomalies, "G1b", AppendCases.g1b(txns));
        putIfAny(anomalies, "lost-update", LostUpdates.of(txns.clientOps, txns::mops));

        Map<String, Object> reported = ElleResults.reported(anomalies, reportable);
        Validity v;
        Map<String, Object> fields = new LinkedHashMap<>();
        if (unwritten != null) {
            v = Validity.UNKNOWN;
            fields.put("valid?", Fields.valid(v));
            fields.put("error", "java.lang.AssertionError: " + unwritten.getMessage());
        } else {
            boolean bad = reported.keySet().stream().anyMatch(ConsistencyModels.prohibitedBy(models)::contains);
            v = bad ? Validity.FALSE : reported.isEmpty() ? Validity.TRUE : Validity.UNKNOWN;
            fields.put("valid?", Fields.valid(v));
            fields.put("anomaly-types", new ArrayList<>(reported.keySet()));
            fields.put("anomalies", reported.isEmpty() ? null : reported);
            if (!reported.isEmpty()) {
                ConsistencyModels.Boundary b = ConsistencyModels.boundary(anomalies.keySet());
                fields.put("not", b.not());
                fields.put("also-not", b.alsoNot());
            }
        }
        Map<String, Object> extra = ElleResults.extra(models, DIRECT, order, anomalies, reported);
        if (unwritten != null) {
            extra.put("anomaly-types", new ArrayList<>(reported.keySet()));
            extra.put("unwritten-elements", AppendCases.unwrittenReads(txns));
        }
        extra.put("checker-seconds", Double.parseDouble(String.format(Locale.ROOT, "%.4f",
                (System.nanoTime() - startNs) / 1e9)));
        return new CheckResult(name(), v, fields, extra);
    }

    private static void putIfAny(Map<String, Object> anomalies, String type, List<Map<String, Object>> cases) {
        if (!cases.isEmpty()) {
            anomalies.put(type, cases);
        }
    }
}
