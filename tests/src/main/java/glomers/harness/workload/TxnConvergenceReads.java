package glomers.harness.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.harness.history.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The transaction workloads' convergence reads: every key that some invoked txn wrote (whatever
 * its outcome: an :info or even a :fail txn may have left its write on some node), read with
 * {@code ["r", k, null]} in read-only txns of at most {@link #READS_PER_TXN} micro-ops, so a
 * reply stays a few kilobytes however many keys the run used.
 */
final class TxnConvergenceReads implements ConvergenceReads {

    static final int READS_PER_TXN = 100;

    private final String writeVerb;
    private final boolean lists;

    /** @param lists txn-list-append: a missing key reads {@code null} or {@code []}, both the empty list */
    TxnConvergenceReads(String writeVerb, boolean lists) {
        this.writeVerb = writeVerb;
        this.lists = lists;
    }

    @Override
    public List<ObjectNode> requests(List<Op> ops) {
        Map<String, JsonNode> keys = new LinkedHashMap<>();
        for (Op op : ops) {
            if (!op.isClient() || !op.isInvoke() || !"txn".equals(op.f()) || !op.value().isArray()) {
                continue;
            }
            for (JsonNode mop : op.value()) {
                if (mop.isArray() && mop.size() == 3 && writeVerb.equals(mop.get(0).asText())) {
                    keys.putIfAbsent(mop.get(1).toString(), mop.get(1));
                }
            }
        }
        List<ObjectNode> requests = new ArrayList<>();
        ArrayNode txn = null;
        for (JsonNode key : keys.values()) {
            if (txn == null || txn.size() == READS_PER_TXN) {
                ObjectNode body = JsonNodeFactory.instance.objectNode().put("type", "txn");
                txn = body.putArray("txn");
                requests.add(body);
            }
            txn.addArray().add("r").add(key).addNull();
        }
        return requests;
    }

    @Override
    public Optional<Map<String, JsonNode>> values(ObjectNode request, ObjectNode reply) {
        JsonNode txn = reply == null ? null : reply.get("txn");
        if (!"txn_ok".equals(reply == null ? null : reply.path("type").asText()) || txn == null || !txn.isArray()) {
            return Optional.empty();
        }
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (JsonNode mop : txn) {
            if (mop.isArray() && mop.size() == 3 && "r".equals(mop.get(0).asText())) {
                values.put(mop.get(1).toString(), normal(mop.get(2)));
            }
        }
        for (JsonNode asked : request.get("txn")) {
            if (!values.containsKey(asked.get(1).toString())) {
                return Optional.empty();
            }
        }
        return Optional.of(values);
    }

    private JsonNode normal(JsonNode value) {
        return lists && value.isArray() && value.isEmpty() ? NullNode.getInstance() : value;
    }
}
