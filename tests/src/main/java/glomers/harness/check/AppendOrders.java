package glomers.harness.check;

import glomers.harness.history.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.eclipse.collections.impl.map.mutable.primitive.IntIntHashMap;

/**
 * The version order of each key, inferred as elle.list-append does it (sorted-values,
 * append-index): a key's distinct non-empty reads, sorted by length, should each be a prefix of
 * the next; the longest, with duplicates dropped, is the order of its appends. A key no read
 * saw, and that exactly one append touches, has the order [that element]
 * (values-from-single-appends: Elle merges those under the reads, so reads win where both are).
 *
 * <p>Reads of one length come in the order Elle's hash set yields them, which decides which
 * pair an incompatible-order case names and, on a tie, which read is the longest. We order them
 * by Clojure's hasheq of the vector, trie order reversed: an empirical choice, since it
 * reproduces all 19 incompatible-order cases of the corpus exactly, where neither plain trie
 * order nor history order does; one tie for the longest read there still goes the other way.
 */
final class AppendOrders {

    /** An int array compared by content. */
    record Ints(int[] a) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Ints i && Arrays.equals(a, i.a);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(a);
        }
    }

    /** Per key: its observed values sorted by length (empty if none), and the order of its elements. */
    final List<List<int[]>> sorted;
    final int[][] order;
    private final IntIntHashMap[] positions;

    /**
     * @param ops which client ops' micro-ops count (Elle passes the ok and info ones for the
     *            graph, every client op, invocations too, for dirty updates)
     */
    AppendOrders(AppendTxns txns, Predicate<Op> ops) {
        int n = txns.keyCount();
        List<Set<Ints>> seen = new ArrayList<>(n);
        int[] singleAppend = new int[n];
        Arrays.fill(singleAppend, -2);
        for (int k = 0; k < n; k++) {
            seen.add(new LinkedHashSet<>());
        }
        for (Op op : txns.clientOps) {
            if (!ops.test(op)) {
                continue;
            }
            for (AppendTxns.Mop m : txns.mops(op)) {
                if (m.write()) {
                    // -2: no append yet; -1: more than one; else the one element.
                    singleAppend[m.k()] = singleAppend[m.k()] == -2 ? m.element() : -1;
                } else if (m.list() != null && m.list().length > 0) {
                    seen.get(m.k()).add(new Ints(m.list()));
                }
            }
        }
        sorted = new ArrayList<>(n);
        order = new int[n][];
        positions = new IntIntHashMap[n];
        for (int k = 0; k < n; k++) {
            List<int[]> values = new ArrayList<>();
            if (singleAppend[k] >= 0 && seen.get(k).isEmpty()) {
                values.add(new int[] {singleAppend[k]});
            } else {
                seen.get(k).forEach(v -> values.add(v.a()));
                values.sort(Comparator.<int[]>comparingInt(v -> v.length).thenComparing(
                        (a, b) -> -ClojureValues.compareTrieOrder(txns.listHash(a), txns.listHash(b))));
            }
            sorted.add(values);
            int[] longest = values.isEmpty() ? new int[0] : values.get(values.size() - 1);
            order[k] = Arrays.stream(longest).distinct().toArray();
            positions[k] = new IntIntHashMap(order[k].length);
            for (int i = 0; i < order[k].length; i++) {
                positions[k].put(order[k][i], i);
            }
        }
    }

    /** The element's position in its key's order, or -1 if no read placed it. */
    int position(int k, int element) {
        return positions[k].getIfAbsent(element, -1);
    }

    /**
     * previously-appended-element: the element just before this one in the key's order; for an
     * element no read placed, the last placed one; {@link AppendTxns#INIT} if none precedes.
     */
    int previous(int k, int element) {
        int i = position(k, element);
        if (i >= 0) {
            return i > 0 ? order[k][i - 1] : AppendTxns.INIT;
        }
        return order[k].length > 0 ? order[k][order[k].length - 1] : AppendTxns.INIT;
    }

    /** Whether a is a prefix of b. */
    static boolean prefix(int[] a, int[] b) {
        return a.length <= b.length && Arrays.equals(a, 0, a.length, b, 0, a.length);
    }
}
