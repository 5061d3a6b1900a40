package glomers.harness.check.elle;

import java.util.Arrays;
import org.eclipse.collections.impl.map.mutable.primitive.IntIntHashMap;

/**
 * A frozen copy of a {@link DepGraph} for fast traversal: vertices renumbered 0..n-1 in ascending
 * op order, each one's edges in ascending target order with their rels.
 */
final class Csr {

    final int[] ops;
    final int[] offsets;
    final int[] targets;
    final int[] rels;

    Csr(int[] ops, int[] offsets, int[] targets, int[] rels) {
        this.ops = ops;
        this.offsets = offsets;
        this.targets = targets;
        this.rels = rels;
    }

    static Csr of(DepGraph g) {
        int[] ops = g.vertices();
        IntIntHashMap local = new IntIntHashMap(ops.length);
        for (int i = 0; i < ops.length; i++) {
            local.put(ops[i], i);
        }
        int[] offsets = new int[ops.length + 1];
        int[][] succ = new int[ops.length][];
        for (int i = 0; i < ops.length; i++) {
            succ[i] = g.successors(ops[i]);
            offsets[i + 1] = offsets[i] + succ[i].length;
        }
        int[] targets = new int[offsets[ops.length]];
        int[] rels = new int[targets.length];
        for (int i = 0; i < ops.length; i++) {
            for (int j = 0; j < succ[i].length; j++) {
                targets[offsets[i] + j] = local.get(succ[i][j]);
                rels[offsets[i] + j] = g.rels(ops[i], succ[i][j]);
            }
        }
        return new Csr(ops, offsets, targets, rels);
    }

    int size() {
        return ops.length;
    }

    int local(int op) {
        int i = Arrays.binarySearch(ops, op);
        if (i < 0) {
            throw new IllegalArgumentException("op " + op + " is not in this graph");
        }
        return i;
    }

    boolean hasSelfLoop(int v) {
        for (int e = offsets[v]; e < offsets[v + 1]; e++) {
            if (targets[e] == v) {
                return true;
            }
        }
        return false;
    }
}
