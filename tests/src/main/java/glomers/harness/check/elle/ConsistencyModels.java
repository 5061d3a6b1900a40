package glomers.harness.check.elle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * elle.consistency-model (v0.2.2): which anomalies imply which, which models imply which, which
 * anomalies each model forbids, and from those the anomalies a set of models prohibits and the
 * models a set of anomalies rules out ({@code :not} and {@code :also-not}). Names are Elle's
 * keywords without the colon. The tables are Elle's, transcribed edge for edge.
 */
public final class ConsistencyModels {

    /** What a set of anomalies rules out: the weakest models, then the stronger ones, friendly names. */
    public record Boundary(Set<String> not, Set<String> alsoNot) {
    }

    /** If a is present, so is each b: {@code implied-anomalies}. */
    static final NameDag IMPLIED_ANOMALIES = new NameDag()
            .link("G0", "G1c", "G0-process")
            .link("G0-process", "G1c-process", "G0-realtime")
            .link("G0-realtime", "G1c-realtime")
            .link("G1a", "G1")
            .link("G1b", "G1")
            .link("G1c", "G1", "G1c-process")
            .link("G1c-process", "G1c-realtime", "G1-process")
            .link("G1c-realtime", "G1-realtime")
            .link("G1", "G1-process")
            .link("G1-process", "G1-realtime")
            .link("G-single-item", "G-single", "G-single-item-process", "G-nonadjacent-item")
            .link("G-single-item-process", "G-single-process", "G-single-item-realtime", "G-nonadjacent-item-process")
            .link("G-single-item-realtime", "G-single-realtime", "G-nonadjacent-item-realtime")
            .link("G-single", "G-nonadjacent", "GSIb", "G-single-process")
            .link("G-single-process", "G-nonadjacent-process", "G-single-realtime")
            .link("G-single-realtime", "G-nonadjacent-realtime")
            .link("G-nonadjacent-item", "G-nonadjacent", "G2-item", "G-nonadjacent-item-process")
            .link("G-nonadjacent-item-process", "G-nonadjacent-process", "G2-item-process",
                    "G-nonadjacent-item-realtime")
            .link("G-nonadjacent-item-realtime", "G2-item-realtime", "G-nonadjacent-realtime")
            .link("G-nonadjacent", "G2", "G-nonadjacent-process")
            .link("G-nonadjacent-process", "G2-process", "G-nonadjacent-realtime")
            .link("G-nonadjacent-realtime", "G2-realtime")
            .link("G2", "G2-process")
            .link("G2-item", "G2", "G2-item-process")
            .link("G2-item-process", "G2-process", "G2-item-realtime")
            .link("G2-item-realtime", "G2-realtime")
            .link("G2-process", "G2-realtime")
            .link("GSIa", "GSI")
            .link("GSIb", "GSI")
            .link("incompatible-order", "G1a")
            .link("future-read", "G1c")
            .link("dirty-update", "G1a")
            .link("lost-update", "write-skew", "G2-item")
            .link("write-skew", "G2");

    /** Not implication, only "worse than", to order the search: {@code anomaly-severity-graph}. */
    private static final NameDag SEVERITY = new NameDag()
            .link("G0", "G1c")
            .link("G0-process", "G1c-process")
            .link("G0-realtime", "G1c-realtime")
            .link("G1c", "G-single", "G2-item")
            .link("G1c-process", "G-single-process", "G2-item-process")
            .link("G1c-realtime", "G-single-realtime", "G2-item-realtime")
            .link("G2", "G0-process")
            .link("G2-process", "G0-realtime");

    private static final Map<String, String> CANONICAL = new LinkedHashMap<>();
    private static final Map<String, String> FRIENDLY = new LinkedHashMap<>();

    static {
        String[][] names = {
            {"consistent-view", "PL-2+"}, {"conflict-serializable", "PL-3"}, {"cursor-stability", "PL-CS"},
            {"forward-consistent-view", "PL-FCV"}, {"monotonic-snapshot-read", "PL-MSR"},
            {"monotonic-view", "PL-2L"}, {"read-committed", "PL-2"}, {"read-uncommitted", "PL-1"},
            {"repeatable-read", "PL-2.99"}, {"serializable", "PL-3"}, {"snapshot-isolation", "PL-SI"},
            {"strict-serializable", "PL-SS"}, {"strong-serializable", "PL-SS"}, {"update-serializable", "PL-3U"},
            {"strong-session-read-uncommitted", "strong-session-PL-1"},
            {"strong-session-read-committed", "strong-session-PL-2"},
            {"strong-read-uncommitted", "strong-PL-1"}, {"strong-read-committed", "strong-PL-2"},
        };
        for (String[] n : names) {
            CANONICAL.put(n[0], n[1]);
            FRIENDLY.put(n[1], n[0]);
        }
        // Elle inverts a hash map, so of two friendly names the survivor is the hash order's: PL-3
        // is set explicitly, and Maelstrom's results show strong-serializable for PL-SS.
        FRIENDLY.put("PL-3", "serializable");
        FRIENDLY.put("PL-SS", "strong-serializable");
    }

    /** a -> b: a history satisfying a satisfies b ({@code models}, vertices canonicalised). */
    static final NameDag MODELS = canonicalised(new String[][] {
        {"causal-cerone", "read-atomic"},
        {"consistent-view", "cursor-stability", "monotonic-view"},
        {"conflict-serializable", "view-serializable"},
        {"cursor-stability", "read-committed", "PL-2"},
        {"forward-consistent-view", "consistent-view"},
        {"PL-2", "PL-1"},
        {"PL-3", "repeatable-read", "update-serializable"},
        {"update-serializable", "forward-consistent-view"},
        {"monotonic-atomic-view", "read-committed"},
        {"monotonic-view", "PL-2"},
        {"monotonic-snapshot-read", "PL-2"},
        {"parallel-snapshot-isolation", "causal-cerone", "update-atomic"},
        {"prefix", "causal-cerone"},
        {"read-atomic", "monotonic-atomic-view"},
        {"read-committed", "read-uncommitted"},
        {"repeatable-read", "cursor-stability", "monotonic-atomic-view"},
        {"update-atomic", "read-atomic"},
        {"serializable", "repeatable-read", "snapshot-isolation", "view-serializable"},
        {"session-serializable", "1SR"},
        {"snapshot-isolation", "forward-consistent-view", "monotonic-atomic-view", "monotonic-snapshot-read",
            "parallel-snapshot-isolation", "prefix"},
        {"strict-serializable", "PL-3", "serializable", "linearizable", "snapshot-isolation",
            "strong-snapshot-isolation", "strong-session-serializable"},
        {"strong-session-PL-1", "PL-1"},
        {"strong-session-PL-2", "PL-2", "strong-session-PL-1"},
        {"strong-PL-1", "strong-session-PL-1"},
        {"strong-PL-2", "strong-session-PL-2", "strong-PL-1"},
        {"strong-session-serializable", "serializable", "strong-session-snapshot-isolation"},
        {"strong-session-snapshot-isolation", "snapshot-isolation", "strong-session-PL-2"},
        {"strong-serializable", "session-serializable"},
        {"strong-snapshot-isolation", "strong-session-snapshot-isolation", "strong-PL-2"},
        {"linearizable", "sequential"},
        {"sequential", "causal"},
        {"causal", "writes-follow-reads", "PRAM"},
        {"PRAM", "monotonic-reads", "monotonic-writes", "read-your-writes"},
    }, true);

    /** model -> the anomalies it forbids beyond the models it implies ({@code direct-proscribed-anomalies}). */
    static final NameDag PROSCRIBED = canonicalised(new String[][] {
        {"causal-cerone", "internal", "G1a"},
        {"cursor-stability", "G1", "G-cursor", "lost-update"},
        {"monotonic-view", "G1", "G-monotonic"},
        {"monotonic-snapshot-read", "G1", "G-MSR"},
        {"consistent-view", "G1", "G-single"},
        {"forward-consistent-view", "G1", "G-SIb"},
        {"parallel-snapshot-isolation", "internal", "G1a"},
        {"PL-3", "G1", "G2", "predicate-read-miss", "PL-3-cycle-exists"},
        {"PL-2", "G1", "PL-2-cycle-exists"},
        {"PL-1", "G0", "duplicate-elements", "cyclic-versions", "PL-1-cycle-exists"},
        {"prefix", "internal", "G1a"},
        {"serializable", "internal"},
        {"snapshot-isolation", "internal", "G1", "G-SI", "G-nonadjacent", "PL-SI-cycle-exists"},
        {"read-atomic", "internal", "G1a", "future-read"},
        {"repeatable-read", "G1", "G2-item", "PL-2.99-cycle-exists", "lost-update"},
        {"update-atomic", "lost-update"},
        {"strict-serializable", "G1", "G1c-realtime", "G2-realtime", "PL-SS-cycle-exists"},
        {"strong-session-PL-1", "strong-session-PL-1-cycle-exists", "G0-process"},
        {"strong-session-PL-2", "strong-session-PL-2-cycle-exists", "G1c-process"},
        {"strong-PL-1", "strong-PL-1-cycle-exists", "G0-realtime"},
        {"strong-PL-2", "strong-PL-2-cycle-exists", "G1c-realtime"},
        {"strong-session-snapshot-isolation", "internal", "G1-process", "G-nonadjacent-process",
            "strong-session-snapshot-isolation-cycle-exists"},
        {"strong-snapshot-isolation", "internal", "G1-realtime", "G-nonadjacent-realtime",
            "strong-snapshot-isolation-cycle-exists"},
        {"strong-session-serializable", "G1-process", "G2-process", "strong-session-serializable-cycle-exists"},
        {"update-serializable", "G1", "G-update"},
    }, false);

    private static final Map<String, Integer> DEPTHS = depths();

    private static final Set<String> ALL_MODELS = allModels();

    /** Elle's {@code unknown-anomaly-types}: reportable whatever the models. */
    public static final Set<String> UNKNOWN_ANOMALY_TYPES = Set.of("empty-transaction-graph", "cycle-search-timeout");

    private ConsistencyModels() {
    }

    private static NameDag canonicalised(String[][] rows, boolean targetsToo) {
        NameDag g = new NameDag();
        for (String[] row : rows) {
            for (int i = 1; i < row.length; i++) {
                g.link(canonical(row[0]), targetsToo ? canonical(row[i]) : row[i]);
            }
        }
        return g;
    }

    private static Map<String, Integer> depths() {
        NameDag merged = new NameDag();
        for (NameDag g : List.of(IMPLIED_ANOMALIES, SEVERITY)) {
            for (String v : g.vertices()) {
                g.out(v).forEach(w -> merged.link(v, w));
            }
        }
        Map<String, Integer> d = new LinkedHashMap<>(merged.topoDepths());
        for (String model : PROSCRIBED.vertices()) {
            if (PROSCRIBED.in(model).isEmpty()) {
                PROSCRIBED.out(model).forEach(a -> d.putIfAbsent(a, 0));
            }
        }
        return d;
    }

    private static Set<String> allModels() {
        Set<String> all = new TreeSet<>(MODELS.vertices());
        all.addAll(CANONICAL.keySet());
        all.addAll(CANONICAL.values());
        return all;
    }

    public static String canonical(String model) {
        return CANONICAL.getOrDefault(model, model);
    }

    public static String friendly(String model) {
        return FRIENDLY.getOrDefault(model, model);
    }

    /**
     * Maelstrom's {@code --consistency-models} value as its CLI parses it: split on a comma with
     * whitespace on both sides ({@code #"\s+,\s+"}), so "a,b" stays one (unknown) model.
     */
    public static List<String> parseOption(String option) {
        return List.of(option.split("\\s+,\\s+", -1));
    }

    /** Elle's validate-models: unknown names throw, which makes the checker's verdict unknown. */
    static List<String> validate(Collection<String> models) {
        List<String> unknown = new ArrayList<>();
        for (String m : models) {
            if (!ALL_MODELS.contains(m)) {
                unknown.add(m);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Unknown consistency model " + unknown + "; known models are: "
                    + ALL_MODELS);
        }
        return List.copyOf(models);
    }

    private static List<String> canonicalAll(Collection<String> models) {
        List<String> c = new ArrayList<>();
        validate(models).forEach(m -> c.add(canonical(m)));
        return c;
    }

    /** Every model the given ones imply, themselves included (canonical names). */
    static Set<String> impliedModels(Collection<String> models) {
        return MODELS.reachableOut(canonicalAll(models));
    }

    /** Every model that cannot hold if the given ones do not (canonical names). */
    public static Set<String> impossibleModels(Collection<String> models) {
        return MODELS.reachableIn(canonicalAll(models));
    }

    /** The anomalies implied by the given ones, themselves included. */
    public static Set<String> impliedAnomalies(Collection<String> anomalies) {
        return IMPLIED_ANOMALIES.reachableOut(anomalies);
    }

    /** The anomalies that imply any of the given ones, themselves included. */
    static Set<String> anomaliesImplying(Collection<String> anomalies) {
        return IMPLIED_ANOMALIES.reachableIn(anomalies);
    }

    /** Elle's anomalies-prohibited-by: what must be absent for all the models to hold, sorted. */
    public static Set<String> prohibitedBy(Collection<String> models) {
        Set<String> direct = new LinkedHashSet<>();
        for (String m : impliedModels(models)) {
            direct.addAll(PROSCRIBED.out(m));
        }
        return new TreeSet<>(anomaliesImplying(direct));
    }

    /** Elle's reportable-anomaly-types: the prohibited ones and the unknown ones. */
    public static Set<String> reportable(Collection<String> models) {
        Set<String> r = new TreeSet<>(prohibitedBy(models));
        r.addAll(UNKNOWN_ANOMALY_TYPES);
        return r;
    }

    /** Elle's anomalies->impossible-models (canonical names, sorted). */
    public static Set<String> modelsRuledOutBy(Collection<String> anomalies) {
        Set<String> direct = new LinkedHashSet<>();
        for (String a : impliedAnomalies(anomalies)) {
            direct.addAll(PROSCRIBED.in(a));
        }
        return new TreeSet<>(MODELS.reachableIn(direct));
    }

    /** Elle's friendly-boundary: {@code :not} the weakest ruled-out models, {@code :also-not} the rest. */
    public static Boundary boundary(Collection<String> anomalies) {
        Set<String> impossible = modelsRuledOutBy(anomalies);
        Set<String> weakest = new LinkedHashSet<>(impossible);
        for (String m : impossible) {
            Set<String> others = new LinkedHashSet<>(weakest);
            others.remove(m);
            Set<String> below = MODELS.reachableOut(List.of(m));
            below.remove(m);
            if (below.stream().anyMatch(others::contains)) {
                weakest.remove(m);
            }
        }
        Set<String> not = new TreeSet<>();
        Set<String> alsoNot = new TreeSet<>();
        for (String m : impossible) {
            (weakest.contains(m) ? not : alsoNot).add(friendly(m));
        }
        return new Boundary(not, alsoNot);
    }

    /** Elle's anomaly-depth-compare: fewer implying anomalies first, then by name. */
    static final Comparator<String> BY_DEPTH = Comparator.<String>comparingInt(a -> DEPTHS.getOrDefault(a, -1))
            .thenComparing(Comparator.naturalOrder());
}
