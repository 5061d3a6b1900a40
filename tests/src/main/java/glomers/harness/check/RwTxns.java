package glomers.harness.check;

import com.fasterxml.jackson.databind.JsonNode;
import glomers.harness.history.History;
import glomers.harness.history.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A txn-rw-register history as Elle reads it: the client ops, each op's micro-ops
 * {@code [f k v]} ("r" or "w"), and jepsen.txn's external reads (a key's first micro-op, when it
 * is a read) and external writes (a key's last write). Keys and values compare as Clojure
 * compares what Cheshire parsed ({@link ClojureValues}), so a read of {} matches another {} and
 * no write. Ops are found by history index; invocations and completions are paired by process.
 */
final class RwTxns {

    /** One micro-op; {@code raw} is the 3-element array as recorded. */
    record Mop(boolean write, ClojureValues.Key key, ClojureValues.Key value, JsonNode raw) implements TxnMop {
    }

    final List<Op> ops;
    final List<Op> clientOps;
    private final List<List<Mop>> mops;
    private final Pairs pairs;

    RwTxns(History history) {
        this.ops = history.ops();
        this.pairs = Pairs.of(history);
        ClientMops<Mop> parsed = ClientMops.of(ops, RwTxns::parse);
        this.clientOps = parsed.clientOps();
        this.mops = parsed.byIndex();
    }

    private static List<Mop> parse(Op op) {
        JsonNode txn = op.value();
        if (txn == null || !txn.isArray()) {
            throw new IllegalArgumentException("op " + op.index() + "'s value is not a list of micro-ops: " + txn);
        }
        List<Mop> list = new ArrayList<>(txn.size());
        for (JsonNode m : txn) {
            if (!m.isArray() || m.size() != 3 || !m.get(0).isTextual()
                    || !(m.get(0).textValue().equals("r") || m.get(0).textValue().equals("w"))) {
                // Elle's (case f :w ... :r ...) has no other clause and throws the same way.
                throw new IllegalArgumentException("op " + op.index() + " has a micro-op that is not [\"r\"|\"w\", k, v]: "
                        + m);
            }
            list.add(new Mop(m.get(0).textValue().equals("w"), new ClojureValues.Key(m.get(1)),
                    new ClojureValues.Key(m.get(2)), m));
        }
        return List.copyOf(list);
    }

    Op op(int index) {
        return ops.get(index);
    }

    List<Mop> mops(Op op) {
        return mops.get(op.index());
    }

    /** The completion of an invocation, the invocation of a completion, or -1. */
    int counterpart(int index) {
        return pairs.counterpart(index);
    }

    /** jepsen.txn/ext-reads: per key, the value of its first micro-op when that is a read. */
    Map<ClojureValues.Key, ClojureValues.Key> extReads(Op op) {
        Map<ClojureValues.Key, ClojureValues.Key> ext = new LinkedHashMap<>();
        Set<ClojureValues.Key> seen = new LinkedHashSet<>();
        for (Mop m : mops(op)) {
            if (!m.write() && !seen.contains(m.key())) {
                ext.put(m.key(), m.value());
            }
            seen.add(m.key());
        }
        return ext;
    }

    /** jepsen.txn/ext-writes: per key, the last value written. */
    Map<ClojureValues.Key, ClojureValues.Key> extWrites(Op op) {
        Map<ClojureValues.Key, ClojureValues.Key> ext = new LinkedHashMap<>();
        for (Mop m : mops(op)) {
            if (m.write()) {
                ext.put(m.key(), m.value());
            }
        }
        return ext;
    }

    /** The position of the first micro-op equal to [f k v] in the op's txn, or -1 (Elle's index-of). */
    int mopIndex(Op op, boolean write, ClojureValues.Key key, ClojureValues.Key value) {
        List<Mop> list = mops(op);
        for (int i = 0; i < list.size(); i++) {
            Mop m = list.get(i);
            if (m.write() == write && m.key().equals(key) && m.value().equals(value)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * elle.txn/assert-type-sanity on keys: every key of every client op must be of one type, or
     * Elle's assertion fails and the verdict is unknown. (Its check that values hold at most one
     * integer type cannot fail here: after Jepsen stores the history every JSON integer within a
     * long is a Long, and bigger ones are not of an integer type it counts.)
     */
    void assertKeyTypesAgree() {
        Set<String> types = new LinkedHashSet<>();
        for (Op op : clientOps) {
            for (Mop m : mops(op)) {
                types.add(clojureClass(m.key().node));
            }
        }
        if (types.size() > 1) {
            throw new IllegalStateException("History includes a mix of different types for transaction keys: "
                    + types + ". You almost certainly don't want to do this.");
        }
    }

    private static String clojureClass(JsonNode n) {
        if (ClojureValues.isNil(n)) {
            return "nil";
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? "Long" : "BigInt";
        }
        if (n.isNumber()) {
            return "Double";
        }
        if (n.isTextual()) {
            return "String";
        }
        if (n.isBoolean()) {
            return "Boolean";
        }
        return n.isArray() ? "Vector" : "Map";
    }
}
