package glomers.harness.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.ErrorCode;
import glomers.core.NodeLogic;
import glomers.core.RpcError;
import java.util.HashMap;
import java.util.Map;

/**
 * Test-only txn-list-append nodes: one correct store and three with a planted fault each. The
 * single-store ones keep their lists on the first node and the others forward to it
 * ({@link TxnStores#singleStore}), as Maelstrom's broken reference nodes do.
 */
final class ListAppendStores {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ListAppendStores() {
    }

    /** What happens to one append micro-op: the number of copies of the element stored. */
    @FunctionalInterface
    private interface AppendCopies {
        int of(JsonNode mop);
    }

    /**
     * Runs a txn's micro-ops on {@code lists} (keys by their JSON text) in order; the completed
     * txn: a read gets a copy of the key's list, or null for a key never appended to.
     */
    private static ArrayNode apply(Map<String, ArrayNode> lists, JsonNode txn, AppendCopies copies) {
        ArrayNode done = JSON.arrayNode();
        for (JsonNode mop : txn) {
            String k = mop.get(1).toString();
            if (mop.get(0).asText().equals("r")) {
                ArrayNode list = lists.get(k);
                done.addArray().add("r").add(mop.get(1)).add(list == null ? NullNode.getInstance() : list.deepCopy());
            } else {
                for (int i = copies.of(mop); i > 0; i--) {
                    lists.computeIfAbsent(k, x -> JSON.arrayNode()).add(mop.get(2));
                }
                done.add(mop);
            }
        }
        return done;
    }

    /** Correct: every txn runs alone, atomically, in arrival order, on the first node's lists. */
    static NodeLogic serial() {
        return TxnStores.singleStore(env -> {
            Map<String, ArrayNode> lists = new HashMap<>();
            return r -> TxnStores.txnOk(apply(lists, r.body().get("txn"), mop -> 1));
        });
    }

    /** Planted: every {@code every}th txn is applied and then refused with error 30 (G1a, dirty update). */
    static NodeLogic abortedRead(int every) {
        return TxnStores.singleStore(env -> {
            Map<String, ArrayNode> lists = new HashMap<>();
            long[] n = {0};
            return r -> {
                ArrayNode done = apply(lists, r.body().get("txn"), mop -> 1);
                if (++n[0] % every == 0) {
                    throw new RpcError(ErrorCode.TXN_CONFLICT, "txn conflict");
                }
                return TxnStores.txnOk(done);
            };
        });
    }

    /** Planted: every {@code every}th append is stored twice (duplicate elements). */
    static NodeLogic duplicateAppend(int every) {
        return TxnStores.singleStore(env -> {
            Map<String, ArrayNode> lists = new HashMap<>();
            long[] n = {0};
            return r -> TxnStores.txnOk(apply(lists, r.body().get("txn"), mop -> ++n[0] % every == 0 ? 2 : 1));
        });
    }

    /**
     * Planted, and totally available: every node runs each txn on its own lists at once and
     * answers, then sends the txn's appends to the others fire-and-forget; appends received are
     * applied on arrival. So a key can get its elements in different orders on two nodes, and a
     * read misses the other node's recent appends.
     */
    static NodeLogic asyncReplication() {
        return (env, handlers) -> {
            Map<String, ArrayNode> lists = new HashMap<>();
            handlers.on("txn", r -> {
                JsonNode txn = r.body().get("txn");
                r.reply(TxnStores.txnOk(apply(lists, txn, mop -> 1)));
                ArrayNode appends = JSON.arrayNode();
                for (JsonNode mop : txn) {
                    if (mop.get(0).asText().equals("append")) {
                        appends.add(mop);
                    }
                }
                if (appends.isEmpty()) {
                    return;
                }
                for (String peer : env.nodeIds()) {
                    if (!peer.equals(env.nodeId())) {
                        ObjectNode body = JSON.objectNode().put("type", "replicate");
                        body.set("appends", appends);
                        env.send(peer, body);
                    }
                }
            });
            handlers.on("replicate", r -> apply(lists, r.body().get("appends"), mop -> 1));
        };
    }
}
