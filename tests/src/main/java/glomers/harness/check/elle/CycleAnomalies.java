package glomers.harness.check.elle;

import glomers.harness.history.Op;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * Elle's cycle anomalies (elle.txn {@code cycles}, {@code cycle-cases-in-scc}) over a dependency
 * graph. For each strongly connected component of two or more ops, first the cheap proof that a
 * cycle exists in each model's subgraph ({@code PL-1-cycle-exists}: ww; {@code PL-2}: ww, wr; and
 * so on), which rules out searching for anomalies that those models' absence makes impossible;
 * then one search per anomaly type in Elle's order, skipping types implied by one already found;
 * the existence proofs that a found cycle makes redundant are dropped. Each found cycle is
 * explained step by step. A component whose search spends its step budget reports
 * {@code cycle-search-timeout} with what it found, as Elle does on its clock's timeout.
 */
public final class CycleAnomalies {

    /** The explanation order Elle's rw-register and list-append use: wr, then ww, then rw, then orders. */
    public static final List<Rel> DATA_FIRST = List.of(Rel.WR, Rel.WW, Rel.RW, Rel.PROCESS, Rel.REALTIME);

    /** Search steps per component before it counts as timed out; far above what real histories need. */
    public static final long DEFAULT_STEPS_PER_COMPONENT = 50_000_000L;

    private record ExistsSpec(String model, List<Object> subgraphText, UnaryOperator<DepGraph> subgraph) {
        String type() {
            return model + "-cycle-exists";
        }
    }

    private static final List<Object> WW = List.of("ww", "wwp");
    private static final List<Object> WR = List.of("wr", "wrp");
    private static final List<Object> RW = List.of("rw", "rwp");

    /** elle.txn's cycle-exists-specs, in its order, with its friendly rendering of each subgraph. */
    private static final List<ExistsSpec> EXISTS_SPECS = List.of(
            union("PL-1", WW),
            union("PL-2", WW, WR),
            extension("PL-SI", List.of(WW, WR)),
            union("PL-2.99", WW, WR, List.of("rw")),
            union("PL-3", WW, WR, RW),
            union("strong-session-PL-1", WW, List.of("process")),
            union("strong-session-PL-2", WW, WR, List.of("process")),
            extension("strong-session-snapshot-isolation", List.of(WW, WR, List.of("process"))),
            union("strong-session-serializable", WW, WR, RW, List.of("process")),
            union("strong-PL-1", WW, List.of("realtime")),
            union("strong-PL-2", WW, WR, List.of("realtime")),
            extension("strong-snapshot-isolation", List.of(WW, WR, List.of("realtime"))),
            union("PL-SS", WW, WR, RW, List.of("realtime")));

    private CycleAnomalies() {
    }

    @SafeVarargs
    private static ExistsSpec union(String model, List<Object>... parts) {
        List<Object> text = new ArrayList<>(List.of("union"));
        for (List<Object> p : parts) {
            text.addAll(p);
        }
        int mask = mask(text);
        return new ExistsSpec(model, List.copyOf(text), g -> g.project(mask));
    }

    private static ExistsSpec extension(String model, List<List<Object>> first) {
        List<Object> a = new ArrayList<>(List.of("union"));
        first.forEach(a::addAll);
        List<Object> b = new ArrayList<>(List.of("union"));
        b.addAll(RW);
        int aMask = mask(a);
        int bMask = mask(b);
        return new ExistsSpec(model, List.of("extension", List.copyOf(a), List.copyOf(b)),
                g -> DepGraph.sequentialExtension(g.project(aMask), g.project(bMask)));
    }

    private static int mask(List<Object> names) {
        int m = 0;
        for (Rel r : Rel.values()) {
            if (names.contains(r.elleName())) {
                m |= r.bit();
            }
        }
        return m;
    }

    /**
     * The cycle anomalies of {@code graph}, by type, each list in component order.
     *
     * @param explainer  explains each step of a found cycle
     * @param labelOrder the rels in the order the explainer prefers them (an edge counts as the first it has)
     * @param ops        the op of a history index, to show in cycles
     */
    public static Map<String, List<Map<String, Object>>> find(DepGraph graph, PairExplainer explainer,
                                                              List<Rel> labelOrder, IntFunction<Op> ops,
                                                              long stepsPerComponent) {
        Map<String, List<Map<String, Object>>> anomalies = new LinkedHashMap<>();
        for (int[] scc : Sccs.of(graph)) {
            for (Map<String, Object> c : inComponent(graph.select(scc), explainer, labelOrder, ops, stepsPerComponent)) {
                anomalies.computeIfAbsent((String) c.get("type"), t -> new ArrayList<>()).add(c);
            }
        }
        return anomalies;
    }

    private static List<Map<String, Object>> inComponent(DepGraph sub, PairExplainer explainer, List<Rel> labelOrder,
                                                         IntFunction<Op> ops, long steps) {
        List<Map<String, Object>> exists = existsCases(sub);
        Set<String> skip = new LinkedHashSet<>(impossibleCycleTypes(exists));
        Csr csr = Csr.of(sub);
        int[] labels = labels(csr, labelOrder);
        CycleSearch search = new CycleSearch(csr, labels, new CycleSearch.Budget(steps));
        List<ExplainedCycle> found = new ArrayList<>();
        List<String> searched = new ArrayList<>();
        for (CycleSpec spec : CycleSpec.ALL) {
            if (skip.contains(spec.name()) || spec.predicate()) {
                continue;
            }
            searched.add(spec.name());
            int[] local;
            try {
                local = search.find(spec);
            } catch (CycleSearch.Exhausted e) {
                return timedOut(sub, spec, searched, exists, found);
            }
            if (local != null) {
                int[] cycleOps = new int[local.length];
                for (int i = 0; i < local.length; i++) {
                    cycleOps[i] = csr.ops[local[i]];
                }
                ExplainedCycle c = ExplainedCycle.of(cycleOps, explainer, ops);
                if (spec.type() != null && !spec.type().equals(c.type())) {
                    throw new IllegalStateException("searched for " + spec.type() + " but the explainer calls "
                            + "the cycle " + c.type() + ": the label order disagrees with the explainer");
                }
                found.add(c);
                skip.addAll(ConsistencyModels.impliedAnomalies(List.of(spec.name())));
            }
        }
        Set<String> foundTypes = new TreeSet<>();
        found.forEach(c -> foundTypes.add(c.type()));
        Set<String> ruledOut = ConsistencyModels.modelsRuledOutBy(foundTypes);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> e : exists) {
            if (!ruledOut.contains(ConsistencyModels.canonical((String) e.get("not")))) {
                out.add(e);
            }
        }
        found.forEach(c -> out.add(c.toMap()));
        return out;
    }

    private static List<Map<String, Object>> timedOut(DepGraph sub, CycleSpec spec, List<String> searched,
                                                      List<Map<String, Object>> exists, List<ExplainedCycle> found) {
        Map<String, Object> timeout = new LinkedHashMap<>();
        timeout.put("type", "cycle-search-timeout");
        timeout.put("anomaly-spec-type", spec.name());
        List<String> without = new ArrayList<>(searched.subList(0, searched.size() - 1));
        found.forEach(c -> without.remove(c.type()));
        timeout.put("does-not-contain", without);
        timeout.put("scc-size", sub.vertexCount());
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(timeout);
        out.addAll(exists);
        found.forEach(c -> out.add(c.toMap()));
        return out;
    }

    /** Each edge's label: the first rel of {@code order} it carries, or 0. */
    private static int[] labels(Csr g, List<Rel> order) {
        int[] labels = new int[g.rels.length];
        for (int e = 0; e < labels.length; e++) {
            for (Rel r : order) {
                if ((g.rels[e] & r.bit()) != 0) {
                    labels[e] = r.bit();
                    break;
                }
            }
        }
        return labels;
    }

    /** elle.txn's cycle-exists-cases: per model, the smallest cyclic component of its subgraph. */
    static List<Map<String, Object>> existsCases(DepGraph sub) {
        List<Map<String, Object>> cases = new ArrayList<>();
        Set<String> redundant = new LinkedHashSet<>();
        for (ExistsSpec spec : EXISTS_SPECS) {
            if (redundant.contains(spec.model())) {
                continue;
            }
            List<int[]> comps = Sccs.withSelfLoops(spec.subgraph().apply(sub));
            if (comps.isEmpty()) {
                continue;
            }
            int[] smallest = comps.stream().min(Comparator.<int[]>comparingInt(c -> c.length)
                    .thenComparingInt(c -> c[0])).orElseThrow();
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("type", spec.type());
            c.put("not", ConsistencyModels.friendly(spec.model()));
            c.put("subgraph", spec.subgraphText());
            c.put("scc-size", smallest.length);
            List<Integer> members = new ArrayList<>();
            for (int op : smallest) {
                members.add(op);
            }
            c.put("scc", members);
            cases.add(c);
            redundant.addAll(ConsistencyModels.impossibleModels(List.of(spec.model())));
        }
        return cases;
    }

    /** elle.txn's cycle-exists-cases->impossible-cycle-anomalies: types no cycle here can have. */
    static Set<String> impossibleCycleTypes(List<Map<String, Object>> existsCases) {
        List<String> nots = new ArrayList<>();
        existsCases.forEach(c -> nots.add((String) c.get("not")));
        Set<String> impossible = ConsistencyModels.impossibleModels(nots);
        List<String> possible = new ArrayList<>();
        for (ExistsSpec s : EXISTS_SPECS) {
            if (!impossible.contains(s.model())) {
                possible.add(s.model());
            }
        }
        Set<String> types = new TreeSet<>(ConsistencyModels.prohibitedBy(possible));
        types.retainAll(CycleSpec.TYPES);
        return types;
    }

    /** Whether the type is one of the cycle-exists proofs (Elle: its name ends in -cycle-exists). */
    public static boolean isCycleExists(String type) {
        return type.endsWith("-cycle-exists");
    }

    /** The model a cycle-exists type is about, canonical ("PL-1" for "PL-1-cycle-exists"), or null. */
    public static String cycleExistsModel(String type) {
        for (ExistsSpec s : EXISTS_SPECS) {
            if (s.type().equals(type)) {
                return s.model();
            }
        }
        return null;
    }

    /** Every anomaly type a cycle search can report (Elle's cycle-types). */
    public static Set<String> cycleTypes() {
        return CycleSpec.TYPES;
    }

    /**
     * The cycle and cycle-exists types a search can find in a graph whose edges are data
     * dependencies plus the given order rels (process, realtime, or none): no predicate
     * anomalies, and an order's variants only where that order is in the graph.
     */
    public static Set<String> findableTypes(int orderRels) {
        int have = Rel.mask(Rel.WW, Rel.WR, Rel.RW) | orderRels;
        Set<String> types = new TreeSet<>();
        for (CycleSpec s : CycleSpec.ALL) {
            if (!s.predicate() && (s.allowed() & ~have) == 0) {
                types.add(s.name());
            }
        }
        for (ExistsSpec s : EXISTS_SPECS) {
            if ((mask(flatten(s.subgraphText())) & ~have) == 0) {
                types.add(s.type());
            }
        }
        return types;
    }

    private static List<Object> flatten(List<Object> text) {
        List<Object> flat = new ArrayList<>();
        for (Object o : text) {
            if (o instanceof List<?> l) {
                flat.addAll(flatten(new ArrayList<>(l)));
            } else {
                flat.add(o);
            }
        }
        return flat;
    }
}
