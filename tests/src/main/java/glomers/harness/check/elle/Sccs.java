package glomers.harness.check.elle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Strongly connected components by Tarjan's algorithm, iterative so that a long chain of
 * transactions cannot overflow the stack. Elle's top-level search takes components of two or
 * more ops; its cycle-exists check also counts a single op with a self-edge.
 */
public final class Sccs {

    private Sccs() {
    }

    /** Components of at least two vertices, each ascending, ordered by their first op. */
    public static List<int[]> of(DepGraph g) {
        return of(Csr.of(g), false);
    }

    /** As {@link #of(DepGraph)}, also counting a lone vertex with an edge to itself. */
    public static List<int[]> withSelfLoops(DepGraph g) {
        return of(Csr.of(g), true);
    }

    static List<int[]> of(Csr g, boolean selfLoops) {
        List<int[]> out = new ArrayList<>();
        for (int[] comp : localComponents(g)) {
            if (comp.length > 1 || (selfLoops && g.hasSelfLoop(comp[0]))) {
                int[] ops = new int[comp.length];
                for (int i = 0; i < comp.length; i++) {
                    ops[i] = g.ops[comp[i]];
                }
                Arrays.sort(ops);
                out.add(ops);
            }
        }
        out.sort(Comparator.comparingInt(c -> c[0]));
        return out;
    }

    /** Every component (singletons too) in local numbering, in reverse topological order. */
    static List<int[]> localComponents(Csr g) {
        int n = g.size();
        int[] index = new int[n];
        int[] low = new int[n];
        boolean[] onStack = new boolean[n];
        Arrays.fill(index, -1);
        int[] stack = new int[n];
        int sp = 0;
        int[] callVertex = new int[n];
        int[] callEdge = new int[n];
        int next = 0;
        List<int[]> comps = new ArrayList<>();
        for (int root = 0; root < n; root++) {
            if (index[root] >= 0) {
                continue;
            }
            int depth = 0;
            callVertex[0] = root;
            callEdge[0] = g.offsets[root];
            index[root] = low[root] = next++;
            stack[sp++] = root;
            onStack[root] = true;
            while (depth >= 0) {
                int v = callVertex[depth];
                if (callEdge[depth] < g.offsets[v + 1]) {
                    int w = g.targets[callEdge[depth]++];
                    if (index[w] < 0) {
                        index[w] = low[w] = next++;
                        stack[sp++] = w;
                        onStack[w] = true;
                        depth++;
                        callVertex[depth] = w;
                        callEdge[depth] = g.offsets[w];
                    } else if (onStack[w]) {
                        low[v] = Math.min(low[v], index[w]);
                    }
                    continue;
                }
                if (low[v] == index[v]) {
                    int start = sp;
                    do {
                        start--;
                    } while (stack[start] != v);
                    int[] comp = Arrays.copyOfRange(stack, start, sp);
                    for (int w : comp) {
                        onStack[w] = false;
                    }
                    sp = start;
                    comps.add(comp);
                }
                depth--;
                if (depth >= 0) {
                    int parent = callVertex[depth];
                    low[parent] = Math.min(low[parent], low[v]);
                }
            }
        }
        return comps;
    }
}
