package glomers.harness.check.elle;

import org.eclipse.collections.impl.map.mutable.primitive.IntIntHashMap;
import org.eclipse.collections.impl.map.mutable.primitive.IntObjectHashMap;
import org.eclipse.collections.impl.set.mutable.primitive.IntHashSet;

/**
 * A directed graph of operations, named by their history index, whose edges carry a set of
 * {@link Rel}s (a bit mask), as Elle's op digraphs do. Linking adds both vertices; unlinking
 * removes the edge and keeps them, so, as in Elle, a graph whose only edges were self-edges
 * removed afterwards is not empty. An edge may carry no rel at all (a composed edge).
 */
public final class DepGraph {

    private final IntObjectHashMap<IntIntHashMap> out = new IntObjectHashMap<>();
    private final IntObjectHashMap<IntIntHashMap> in = new IntObjectHashMap<>();

    /** Adds the edge, or unions {@code rels} into the one there. */
    public void link(int from, int to, int rels) {
        IntIntHashMap succ = out.getIfAbsentPut(from, IntIntHashMap::new);
        succ.put(to, succ.getIfAbsent(to, 0) | rels);
        in.getIfAbsentPut(from, IntIntHashMap::new);
        IntIntHashMap pred = in.getIfAbsentPut(to, IntIntHashMap::new);
        pred.put(from, pred.getIfAbsent(from, 0) | rels);
        out.getIfAbsentPut(to, IntIntHashMap::new);
    }

    public void unlink(int from, int to) {
        IntIntHashMap succ = out.get(from);
        if (succ != null) {
            succ.remove(to);
            in.get(to).remove(from);
        }
    }

    public boolean hasEdge(int from, int to) {
        IntIntHashMap succ = out.get(from);
        return succ != null && succ.containsKey(to);
    }

    /** The edge's rels, 0 when there is no edge (or an edge with none). */
    public int rels(int from, int to) {
        IntIntHashMap succ = out.get(from);
        return succ == null ? 0 : succ.getIfAbsent(to, 0);
    }

    public int vertexCount() {
        return out.size();
    }

    public boolean hasVertex(int v) {
        return out.containsKey(v);
    }

    /** Every vertex, ascending. */
    public int[] vertices() {
        return out.keysView().toSortedArray();
    }

    /** The successors of {@code v}, ascending; empty for a vertex not in the graph. */
    public int[] successors(int v) {
        IntIntHashMap succ = out.get(v);
        return succ == null ? new int[0] : succ.keysView().toSortedArray();
    }

    public int[] predecessors(int v) {
        IntIntHashMap pred = in.get(v);
        return pred == null ? new int[0] : pred.keysView().toSortedArray();
    }

    public long edgeCount() {
        long n = 0;
        for (IntIntHashMap succ : out.values()) {
            n += succ.size();
        }
        return n;
    }

    /** Adds every vertex and edge of {@code other}, unioning the rels of shared edges. */
    public void addAll(DepGraph other) {
        other.out.forEachKeyValue((from, succ) -> {
            out.getIfAbsentPut(from, IntIntHashMap::new);
            in.getIfAbsentPut(from, IntIntHashMap::new);
            succ.forEachKeyValue((to, rels) -> link(from, to, rels));
        });
    }

    /** The subgraph induced by {@code vertices} (Bifurcan's select). */
    public DepGraph select(int[] vertices) {
        IntHashSet keep = IntHashSet.newSetWith(vertices);
        DepGraph g = new DepGraph();
        for (int v : vertices) {
            IntIntHashMap succ = out.get(v);
            if (succ == null) {
                continue;
            }
            g.out.getIfAbsentPut(v, IntIntHashMap::new);
            g.in.getIfAbsentPut(v, IntIntHashMap::new);
            succ.forEachKeyValue((to, rels) -> {
                if (keep.contains(to)) {
                    g.link(v, to, rels);
                }
            });
        }
        return g;
    }

    /**
     * Elle's project-rels: the edges sharing a rel with {@code mask}, keeping only those rels.
     * Vertices come only with their edges.
     */
    public DepGraph project(int mask) {
        DepGraph g = new DepGraph();
        out.forEachKeyValue((from, succ) -> succ.forEachKeyValue((to, rels) -> {
            if ((rels & mask) != 0) {
                g.link(from, to, rels & mask);
            }
        }));
        return g;
    }

    /** Elle's sequential extension A ∪ (A;B): A, plus x→z (with no rels) wherever x→y in A and y→z in B. */
    static DepGraph sequentialExtension(DepGraph a, DepGraph b) {
        DepGraph c = new DepGraph();
        c.addAll(a);
        a.out.forEachKeyValue((x, succ) -> succ.forEachKey(y -> {
            IntIntHashMap next = b.out.get(y);
            if (next != null) {
                next.forEachKey(z -> c.link(x, z, 0));
            }
        }));
        return c;
    }
}
