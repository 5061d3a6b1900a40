package glomers.harness.check.elle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds one simple cycle of a {@link CycleSpec} in a strongly connected graph, shortest through
 * its first edge, by breadth-first search over (op, progress) pairs: progress counts the rw edges
 * taken, whether the last was one, and which required rels are still missing. Each edge counts as
 * its label, the rel Elle's explainer would name it by, so a found cycle's explained type is the
 * one searched for. Every candidate starts with an edge of the kind the spec is rarest in (an rw
 * edge for the rw anomalies), as Elle's own search does; a candidate that revisits an op is split
 * into simple cycles and kept only if one of them still fits.
 *
 * <p>Unlike Elle's search this one has no clock: it spends a {@link Budget} of steps instead, so
 * that an exhausted search (Elle's {@code cycle-search-timeout}) happens at the same point on
 * every machine.
 */
final class CycleSearch {

    /** A step allowance shared by all searches in one component. */
    static final class Budget {
        private long left;

        Budget(long steps) {
            left = steps;
        }

        void spend() {
            if (--left < 0) {
                throw new Exhausted();
            }
        }
    }

    /** The budget ran out: the search stops where it is, as Elle's does on a timeout. */
    static final class Exhausted extends RuntimeException {
        Exhausted() {
            super("cycle search step budget exhausted", null, false, false);
        }
    }

    private static final int STATES = 32;
    private static final int COUNT_SHIFT = 2;
    private static final int LAST_RW = 16;

    private final Csr g;
    private final int[] labels;
    private final Budget budget;
    private final int[] stamp;
    private final int[] parent;
    private final int[] queue;
    private final int[] sourceMark;
    private final int[] inOffsets;
    private final int[] inSources;
    private int generation;

    /** {@code labels[e]} is the rel edge e of {@code g} counts as (one bit), or 0 to skip it. */
    CycleSearch(Csr g, int[] labels, Budget budget) {
        this.g = g;
        this.labels = labels;
        this.budget = budget;
        this.stamp = new int[g.size() * STATES];
        this.parent = new int[g.size() * STATES];
        this.queue = new int[g.size() * STATES];
        this.sourceMark = new int[g.size()];
        int n = g.size();
        inOffsets = new int[n + 1];
        for (int t : g.targets) {
            inOffsets[t + 1]++;
        }
        for (int v = 0; v < n; v++) {
            inOffsets[v + 1] += inOffsets[v];
        }
        inSources = new int[g.targets.length];
        int[] fill = Arrays.copyOf(inOffsets, n);
        for (int v = 0; v < n; v++) {
            for (int e = g.offsets[v]; e < g.offsets[v + 1]; e++) {
                inSources[fill[g.targets[e]]++] = v;
            }
        }
    }

    /** A simple cycle of the spec as local vertices in order (the last links back to the first), or null. */
    int[] find(CycleSpec spec) {
        int allowed = spec.allowed();
        int[] comp = components(allowed);
        int startMask = spec.rw() != CycleSpec.RwMode.NONE ? CycleSpec.RW
                : spec.required().length > 0 ? spec.required()[0] : allowed;
        int[] startLabels = Rel.of(startMask).stream().mapToInt(Rel::bit).toArray();
        // Candidate first edges a -> b, grouped by b, so one search from b serves every a.
        for (int b = 0; b < g.size(); b++) {
            if (comp[b] < 0) {
                continue;
            }
            for (int label : startLabels) {
                int[] cycle = searchFrom(spec, allowed, comp, b, label);
                if (cycle != null) {
                    return rotated(cycle, startMask);
                }
            }
        }
        return null;
    }

    /**
     * The cycle begun at its lowest op whose next edge is of the starting kind, so that the
     * same cycle reads the same whichever edge the search came in by.
     */
    private int[] rotated(int[] cycle, int startMask) {
        int best = -1;
        for (int i = 0; i < cycle.length; i++) {
            if ((label(cycle[i], cycle[(i + 1) % cycle.length]) & startMask) != 0
                    && (best < 0 || cycle[i] < cycle[best])) {
                best = i;
            }
        }
        int[] r = new int[cycle.length];
        for (int i = 0; i < cycle.length; i++) {
            r[i] = cycle[(best + i) % cycle.length];
        }
        return r;
    }

    /** Per vertex, its component among edges of the allowed rels if that has a cycle, else -1. */
    private int[] components(int allowed) {
        int n = g.size();
        int[] offsets = new int[n + 1];
        int[] targets = new int[g.targets.length];
        int k = 0;
        for (int v = 0; v < n; v++) {
            for (int e = g.offsets[v]; e < g.offsets[v + 1]; e++) {
                if ((labels[e] & allowed) != 0) {
                    targets[k++] = g.targets[e];
                }
            }
            offsets[v + 1] = k;
        }
        Csr restricted = new Csr(g.ops, offsets, Arrays.copyOf(targets, k), new int[k]);
        int[] comp = new int[n];
        Arrays.fill(comp, -1);
        int id = 0;
        for (int[] c : Sccs.localComponents(restricted)) {
            if (c.length > 1 || restricted.hasSelfLoop(c[0])) {
                for (int v : c) {
                    comp[v] = id;
                }
                id++;
            }
        }
        return comp;
    }

    private int[] searchFrom(CycleSpec spec, int allowed, int[] comp, int b, int startLabel) {
        generation++;
        boolean anySource = false;
        for (int i = inOffsets[b]; i < inOffsets[b + 1]; i++) {
            int a = inSources[i];
            if (comp[a] == comp[b] && (label(a, b) & startLabel) != 0) {
                sourceMark[a] = generation;
                anySource = true;
            }
        }
        if (!anySource) {
            return null;
        }
        int s0 = step(spec, initial(spec), startLabel);
        if (s0 < 0) {
            return null;
        }
        int head = 0;
        int tail = 0;
        int start = b * STATES + s0;
        stamp[start] = generation;
        parent[start] = -1;
        queue[tail++] = start;
        while (head < tail) {
            budget.spend();
            int cur = queue[head++];
            int v = cur / STATES;
            int s = cur % STATES;
            if (sourceMark[v] == generation && accepts(spec, s)) {
                int[] cycle = simpleFit(spec, walk(v, cur));
                if (cycle != null) {
                    return cycle;
                }
            }
            for (int e = g.offsets[v]; e < g.offsets[v + 1]; e++) {
                int w = g.targets[e];
                if ((labels[e] & allowed) == 0 || comp[w] != comp[b]) {
                    continue;
                }
                int s2 = step(spec, s, labels[e]);
                if (s2 < 0) {
                    continue;
                }
                int next = w * STATES + s2;
                if (stamp[next] != generation) {
                    stamp[next] = generation;
                    parent[next] = cur;
                    queue[tail++] = next;
                }
            }
        }
        return null;
    }

    /** The closed walk a -> b ... -> a found, as [a, b, ...] (not repeating a at the end). */
    private int[] walk(int a, int end) {
        List<Integer> path = new ArrayList<>();
        for (int cur = end; cur >= 0; cur = parent[cur]) {
            path.add(cur / STATES);
        }
        // path is a, ..., b (reversed); the cycle is a, b, ..., the op before a.
        int[] cycle = new int[path.size()];
        cycle[0] = a;
        for (int i = 1; i < path.size(); i++) {
            cycle[i] = path.get(path.size() - i);
        }
        return cycle;
    }

    /** The walk if it is a simple cycle that fits, else a simple sub-cycle of it that fits, else null. */
    private int[] simpleFit(CycleSpec spec, int[] walk) {
        for (int i = 0; i < walk.length; i++) {
            for (int j = i + 1; j < walk.length; j++) {
                if (walk[i] == walk[j]) {
                    int[] inner = Arrays.copyOfRange(walk, i, j);
                    int[] outer = new int[walk.length - (j - i)];
                    System.arraycopy(walk, 0, outer, 0, i);
                    System.arraycopy(walk, j, outer, i, walk.length - j);
                    int[] fit = simpleFit(spec, inner);
                    return fit != null ? fit : simpleFit(spec, outer);
                }
            }
        }
        return fits(spec, walk) ? walk : null;
    }

    /** Whether a simple cycle satisfies the spec, judged as Elle judges an explained cycle. */
    private boolean fits(CycleSpec spec, int[] cycle) {
        List<Rel> steps = new ArrayList<>();
        int allowed = spec.allowed();
        for (int i = 0; i < cycle.length; i++) {
            int l = label(cycle[i], cycle[(i + 1) % cycle.length]);
            if ((l & allowed) == 0) {
                return false;
            }
            steps.add(Rel.of(l).get(0));
        }
        for (int req : spec.required()) {
            if (steps.stream().noneMatch(r -> (r.bit() & req) != 0)) {
                return false;
            }
        }
        long rws = steps.stream().filter(r -> r == Rel.RW).count();
        boolean ok = switch (spec.rw()) {
            case NONE -> rws == 0;
            case EXACTLY_ONE -> rws == 1;
            case AT_LEAST_TWO -> rws >= 2;
            case NONADJACENT -> rws >= 2 && !ExplainedCycle.rwAdjacent(steps);
        };
        return ok && (spec.type() == null || spec.type().equals(ExplainedCycle.classify(steps)));
    }

    private int label(int from, int to) {
        int lo = g.offsets[from];
        int hi = g.offsets[from + 1] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int t = g.targets[mid];
            if (t == to) {
                return labels[mid];
            }
            if (t < to) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return 0;
    }

    private static int initial(CycleSpec spec) {
        return (1 << spec.required().length) - 1;
    }

    /** The progress after taking an edge counted as {@code label}, or -1 if the spec forbids it. */
    private static int step(CycleSpec spec, int s, int label) {
        int missing = s & 3;
        int count = (s >> COUNT_SHIFT) & 3;
        boolean lastRw = (s & LAST_RW) != 0;
        if (label == CycleSpec.RW) {
            switch (spec.rw()) {
                case NONE -> {
                    return -1;
                }
                case EXACTLY_ONE -> {
                    if (count >= 1) {
                        return -1;
                    }
                }
                case NONADJACENT -> {
                    if (lastRw) {
                        return -1;
                    }
                }
                case AT_LEAST_TWO -> { }
            }
            count = Math.min(2, count + 1);
            lastRw = true;
        } else {
            if ((label & spec.allowed()) == 0) {
                return -1;
            }
            lastRw = false;
        }
        int[] req = spec.required();
        for (int i = 0; i < req.length; i++) {
            if ((req[i] & label) != 0) {
                missing &= ~(1 << i);
            }
        }
        return missing | (count << COUNT_SHIFT) | (lastRw ? LAST_RW : 0);
    }

    private static boolean accepts(CycleSpec spec, int s) {
        int count = (s >> COUNT_SHIFT) & 3;
        boolean lastRw = (s & LAST_RW) != 0;
        return (s & 3) == 0 && count >= spec.rwWanted() && !(spec.rw() == CycleSpec.RwMode.NONADJACENT && lastRw);
    }
}
