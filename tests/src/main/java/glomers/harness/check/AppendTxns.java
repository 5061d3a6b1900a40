package glomers.harness.check;

import com.fasterxml.jackson.databind.JsonNode;
import glomers.harness.history.History;
import glomers.harness.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.collections.impl.set.mutable.primitive.LongHashSet;

/**
 * A txn-list-append history as Elle reads it: the client ops and each op's micro-ops,
 * {@code ["append", k, e]} or {@code ["r", k, [e...] | null]}. Keys and elements compare as
 * Clojure compares what Cheshire parsed ({@link ClojureValues}) and are interned to small ints,
 * so the analysis works on int arrays. Like Elle's preprocessing it refuses, by throwing (an
 * unknown verdict), a micro-op other than those two and an element appended twice to one key by
 * two invocations (elle.list-append/verify-mop-types, verify-unique-appends).
 */
final class AppendTxns {

    /** A read's list as interned element ids, or null for a read of nil. */
    record Mop(boolean write, ClojureValues.Key key, ClojureValues.Key value, JsonNode raw, int k, int element,
               int[] list) implements TxnMop {

        /** The last element a read saw, or {@link #INIT} for nil or []. */
        int last() {
            return list == null || list.length == 0 ? INIT : list[list.length - 1];
        }
    }

    /** The initial state of a key (Elle's ::init): before the first element. */
    static final int INIT = -1;

    final List<Op> ops;
    final List<Op> clientOps;
    private final List<List<Mop>> mops;
    private final Pairs pairs;
    private final Map<ClojureValues.Key, Integer> keyIds = new HashMap<>();
    private final Map<ClojureValues.Key, Integer> elementIds = new HashMap<>();
    private final List<JsonNode> keys = new ArrayList<>();
    private final List<JsonNode> elements = new ArrayList<>();
    private final int[] elementHashes;
    private final int[] keysInMapOrder;

    AppendTxns(History history) {
        this.ops = history.ops();
        this.pairs = Pairs.of(history);
        ClientMops<Mop> parsed = ClientMops.of(ops, this::parse);
        this.clientOps = parsed.clientOps();
        this.mops = parsed.byIndex();
        verifyUniqueAppends();
        elementHashes = new int[elements.size()];
        for (int e = 0; e < elementHashes.length; e++) {
            elementHashes[e] = ClojureValues.hasheq(elements.get(e));
        }
        Integer[] byTrie = new Integer[keys.size()];
        for (int k = 0; k < byTrie.length; k++) {
            byTrie[k] = k;
        }
        java.util.Arrays.sort(byTrie, (a, b) -> ClojureValues.compareTrieOrder(ClojureValues.hasheq(keys.get(a)),
                ClojureValues.hasheq(keys.get(b))));
        keysInMapOrder = java.util.Arrays.stream(byTrie).mapToInt(Integer::intValue).toArray();
    }

    private List<Mop> parse(Op op) {
        JsonNode txn = op.value();
        if (txn == null || !txn.isArray()) {
            throw new IllegalArgumentException("op " + op.index() + "'s value is not a list of micro-ops: " + txn);
        }
        List<Mop> list = new ArrayList<>(txn.size());
        for (JsonNode m : txn) {
            String f = m.isArray() && m.size() == 3 && m.get(0).isTextual() ? m.get(0).textValue() : "";
            if (!f.equals("r") && !f.equals("append")) {
                throw new IllegalArgumentException("unexpected-txn-micro-op-types: history contained operations "
                        + "other than appends or reads, e.g. op " + op.index() + "'s " + m);
            }
            ClojureValues.Key key = new ClojureValues.Key(m.get(1));
            int k = keyIds.computeIfAbsent(key, x -> {
                keys.add(x.node);
                return keys.size() - 1;
            });
            JsonNode v = m.get(2);
            if (f.equals("append")) {
                ClojureValues.Key e = new ClojureValues.Key(v);
                list.add(new Mop(true, key, e, m, k, element(e), null));
                continue;
            }
            if (!ClojureValues.isNil(v) && !v.isArray()) {
                throw new IllegalArgumentException("op " + op.index() + " read a value that is not a list: " + m);
            }
            int[] read = null;
            if (v.isArray()) {
                read = new int[v.size()];
                for (int i = 0; i < read.length; i++) {
                    read[i] = element(new ClojureValues.Key(v.get(i)));
                }
            }
            list.add(new Mop(false, key, new ClojureValues.Key(v), m, k, -1, read));
        }
        return List.copyOf(list);
    }

    private int element(ClojureValues.Key e) {
        return elementIds.computeIfAbsent(e, x -> {
            elements.add(x.node);
            return elements.size() - 1;
        });
    }

    /** elle.list-append/verify-unique-appends: no two invocations append one element to one key. */
    private void verifyUniqueAppends() {
        LongHashSet seen = new LongHashSet();
        for (Op op : clientOps) {
            if (!op.isInvoke()) {
                continue;
            }
            for (Mop m : mops(op)) {
                if (m.write() && !seen.add(pair(m.k(), m.element()))) {
                    throw new IllegalArgumentException("duplicate-appends: value " + m.value() + " appended to key "
                            + m.key() + " multiple times! (op " + op.index() + ")");
                }
            }
        }
    }

    /** One long for a (key, element) pair of interned ids. */
    static long pair(int k, int element) {
        return ((long) k << 32) | (element & 0xffffffffL);
    }

    Op op(int index) {
        return ops.get(index);
    }

    List<Mop> mops(Op op) {
        return mops.get(op.index());
    }

    List<Mop> mops(int index) {
        return mops.get(index);
    }

    int keyCount() {
        return keys.size();
    }

    JsonNode keyNode(int k) {
        return keys.get(k);
    }

    JsonNode elementNode(int e) {
        return elements.get(e);
    }

    /** Clojure's hasheq of a read's list, the vector Elle holds. */
    int listHash(int[] list) {
        int h = 1;
        for (int e : list) {
            h = 31 * h + elementHashes[e];
        }
        return ClojureValues.mixCollHash(h, list.length);
    }

    /**
     * The keys in the order Elle's per-key maps yield them (a Clojure hash map's, once there are
     * more than 8 keys), which decides which of several cases it meets first.
     */
    int[] keysInMapOrder() {
        return keysInMapOrder;
    }

    /** The completion of an invocation, the invocation of a completion, or -1. */
    int counterpart(int index) {
        return pairs.counterpart(index);
    }

    /** Ops Elle calls possible (h/possible): ok and info completions. */
    static boolean possible(Op op) {
        return op.isOk() || op.type() == Op.Type.INFO;
    }

    /** The position of the first micro-op equal to {@code mop} in op's txn, or -1 (Elle's index-of). */
    int mopIndex(int op, boolean write, int k, int element, int[] list) {
        List<Mop> ms = mops(op);
        for (int i = 0; i < ms.size(); i++) {
            Mop m = ms.get(i);
            if (m.write() == write && m.k() == k && (write ? m.element() == element
                    : java.util.Arrays.equals(m.list(), list))) {
                return i;
            }
        }
        return -1;
    }
}
