package glomers.txn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import glomers.core.Bodies;
import glomers.core.ErrorCode;
import glomers.core.RpcError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The serializable stores' state, changed only by committed transactions in log order, alike on
 * every node: registers for txn-rw-register ({@code r}, {@code w}) or lists for txn-list-append
 * ({@code r}, {@code append}). A transaction's micro-operations run one after another on it, so a
 * read sees the transaction's own earlier writes, and nothing else runs in between.
 *
 * <p>Keys are told apart by their JSON text ({@code 1} and {@code "1"} differ, and an integer is
 * the same key whichever Jackson node type carries it). A list grows in place (an append costs
 * amortised O(1), nothing is copied); a read copies the list into its answer.
 */
final class TxnState {

    /** At most this many keys: a transaction writing a new key past them is refused with 11. */
    static final int MAX_KEYS = 200_000;

    private final boolean lists;
    /** Per key: [key as first written, value] for registers; [key, element...] grown in place for lists. */
    private final Map<String, List<JsonNode>> byKey = new HashMap<>();

    TxnState(boolean lists) {
        this.lists = lists;
    }

    /** Checks every micro-operation's shape; true when the transaction writes anything. */
    boolean validate(JsonNode txn) throws RpcError {
        if (txn == null || !txn.isArray()) {
            throw new RpcError(ErrorCode.MALFORMED_REQUEST, "txn needs an array of micro-operations, got " + txn);
        }
        boolean writes = false;
        String write = lists ? "append" : "w";
        for (JsonNode op : txn) {
            if (!op.isArray() || op.size() != 3 || !(op.get(0).asText().equals("r") || op.get(0).asText().equals(write))) {
                throw new RpcError(ErrorCode.MALFORMED_REQUEST, "a micro-operation is [\"r\" or \"" + write
                        + "\", key, value], got " + op);
            }
            writes |= !op.get(0).asText().equals("r");
        }
        return writes;
    }

    /** A key the transaction would add past {@link #MAX_KEYS}, or null. */
    JsonNode newKeyPastTheBound(JsonNode txn) {
        if (byKey.size() < MAX_KEYS) {
            return null;
        }
        for (JsonNode op : txn) {
            if (!op.get(0).asText().equals("r") && !byKey.containsKey(op.get(1).toString())) {
                return op.get(1);
            }
        }
        return null;
    }

    /**
     * Runs a committed transaction (its writes change the state), or a read-only one on the
     * state as it is; returns the answer's micro-operations.
     */
    ArrayNode apply(JsonNode txn) {
        ArrayNode done = Bodies.nodes().arrayNode();
        for (JsonNode op : txn) {
            String f = op.get(0).asText();
            JsonNode key = op.get(1);
            if (f.equals("r")) {
                done.addArray().add(op.get(0)).add(key).add(read(key));
            } else {
                List<JsonNode> held = byKey.computeIfAbsent(key.toString(), k -> new ArrayList<>(List.of(key)));
                if (lists) {
                    held.add(op.get(2));
                } else if (held.size() == 1) {
                    held.add(op.get(2));
                } else {
                    held.set(1, op.get(2));
                }
                done.add(op);
            }
        }
        return done;
    }

    private JsonNode read(JsonNode key) {
        List<JsonNode> held = byKey.get(key.toString());
        if (held == null) {
            return NullNode.getInstance();
        }
        if (!lists) {
            return held.get(1);
        }
        ArrayNode list = Bodies.nodes().arrayNode(held.size() - 1);
        for (int i = 1; i < held.size(); i++) {
            list.add(held.get(i));
        }
        return list;
    }

    /** Every key, as {@code [[key, value or element...], ...]}: what a snapshot holds. */
    ArrayNode toJson() {
        ArrayNode all = Bodies.nodes().arrayNode();
        for (List<JsonNode> held : byKey.values()) {
            ArrayNode one = all.addArray();
            held.forEach(one::add);
        }
        return all;
    }

    /** Replaces the state with a snapshot's ({@link #toJson}'s form). */
    void replaceWith(JsonNode snapshot) {
        if (!snapshot.isArray()) {
            throw new IllegalArgumentException("a snapshot of the store is [[key, ...], ...], got " + snapshot);
        }
        Map<String, List<JsonNode>> restored = new HashMap<>();
        for (JsonNode one : snapshot) {
            if (!one.isArray() || one.isEmpty() || (!lists && one.size() != 2)) {
                throw new IllegalArgumentException("a snapshot's key is [key, ...], got " + one);
            }
            List<JsonNode> held = new ArrayList<>(one.size());
            one.forEach(held::add);
            restored.put(one.get(0).toString(), held);
        }
        byKey.clear();
        byKey.putAll(restored);
    }
}
