package glomers.harness.check.elle;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One kind of cycle to look for (Elle's {@code cycle-anomaly-specs}): which rels its edges may
 * use, which rel sets it needs at least once, how it may use rw edges, and, for some, the type
 * its explanation must come out as. The list holds the base specs and their process and realtime
 * variants, in Elle's search order (fewest implying anomalies first).
 *
 * @param name     the anomaly, e.g. "G1c-realtime"
 * @param legal    rels the cycle may take any number of times
 * @param required rel sets each taken at least once
 * @param rw       how rw edges may appear
 * @param type     the explained type the cycle must have, or null for any (Elle's G0 and G1c)
 * @param predicate true for specs that need predicate rels, which no workload here produces
 */
record CycleSpec(String name, int legal, int[] required, RwMode rw, String type, boolean predicate) {

    /** rw edges: not at all, freely (at least two), exactly one, or at least two never adjacent. */
    enum RwMode { NONE, AT_LEAST_TWO, EXACTLY_ONE, NONADJACENT }

    static final int WW = Rel.WW.bit();
    static final int WR = Rel.WR.bit();
    static final int RW = Rel.RW.bit();

    static final List<CycleSpec> ALL = all();

    /** Elle's {@code cycle-types}: every anomaly a cycle search can report. */
    static final Set<String> TYPES = types();

    private static List<CycleSpec> all() {
        List<CycleSpec> base = List.of(
                new CycleSpec("G0", WW, new int[0], RwMode.NONE, null, false),
                new CycleSpec("G1c", WW | WR, new int[] {WR}, RwMode.NONE, null, false),
                new CycleSpec("G-single-item", WW | WR, new int[0], RwMode.EXACTLY_ONE, "G-single-item", false),
                new CycleSpec("G-single", WW | WR, new int[0], RwMode.EXACTLY_ONE, "G-single", true),
                new CycleSpec("G-nonadjacent-item", WW | WR, new int[0], RwMode.NONADJACENT, "G-nonadjacent-item",
                        false),
                new CycleSpec("G-nonadjacent", WW | WR, new int[0], RwMode.NONADJACENT, "G-nonadjacent", true),
                new CycleSpec("G2-item", WW | WR | RW, new int[0], RwMode.AT_LEAST_TWO, "G2-item", false),
                new CycleSpec("G2", WW | WR | RW, new int[0], RwMode.AT_LEAST_TWO, "G2", true));
        List<CycleSpec> specs = new ArrayList<>();
        for (CycleSpec s : base) {
            specs.add(s);
            specs.add(s.variant(Rel.PROCESS));
            specs.add(s.variant(Rel.REALTIME));
        }
        specs.sort((a, b) -> ConsistencyModels.BY_DEPTH.compare(a.name, b.name));
        return List.copyOf(specs);
    }

    private static Set<String> types() {
        Set<String> t = new TreeSet<>();
        ALL.forEach(s -> t.add(s.name));
        return t;
    }

    /** Elle's cycle-anomaly-spec-variant: the edge kind is allowed, and needed at least once. */
    private CycleSpec variant(Rel order) {
        int[] req = java.util.Arrays.copyOf(required, required.length + 1);
        req[required.length] = order.bit();
        String suffix = "-" + order.elleName();
        return new CycleSpec(name + suffix, legal | order.bit(), req, rw, type == null ? null : type + suffix,
                predicate);
    }

    /** Every rel the search may step along. */
    int allowed() {
        int m = legal | (rw == RwMode.NONE ? 0 : RW);
        for (int r : required) {
            m |= r;
        }
        return m;
    }

    int rwWanted() {
        return switch (rw) {
            case NONE -> 0;
            case EXACTLY_ONE -> 1;
            case AT_LEAST_TWO, NONADJACENT -> 2;
        };
    }
}
