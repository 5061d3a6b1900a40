package glomers.txn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import glomers.core.Bodies;
import glomers.core.Log;
import glomers.raft.Codec;

/**
 * What one log entry of the serializable stores does once committed: a transaction with at
 * least one write, carrying the id of the request that made it, so a forwarded or duplicated
 * request is appended once; or a new leader's no-op. Read-only transactions never enter the log.
 */
sealed interface TxnCommand permits TxnCommand.Txn, TxnCommand.Noop {

    Codec<TxnCommand> CODEC = new Codec<>() {
        @Override
        public ArrayNode toJson(TxnCommand command) {
            return command.toJson();
        }

        @Override
        public TxnCommand fromJson(JsonNode array, int start) {
            return TxnCommand.fromJson(array, start);
        }

        @Override
        public TxnCommand noop() {
            return new Noop();
        }
    };

    /** Unique per client request; null for a leader's no-op. */
    String requestId();

    ArrayNode toJson();

    static String requestId(String client, long msgId) {
        return Log.requestId(client, msgId);
    }

    /** The client's micro-operations, as it sent them. */
    record Txn(String requestId, ArrayNode ops) implements TxnCommand {
        @Override
        public ArrayNode toJson() {
            ArrayNode array = Bodies.nodes().arrayNode().add("t").add(requestId);
            array.add(ops);
            return array;
        }
    }

    record Noop() implements TxnCommand {
        @Override
        public String requestId() {
            return null;
        }

        @Override
        public ArrayNode toJson() {
            return Bodies.nodes().arrayNode().add("noop");
        }
    }

    static TxnCommand fromJson(JsonNode array, int start) {
        String kind = array.path(start).asText();
        if (kind.equals("noop")) {
            return new Noop();
        }
        JsonNode id = array.path(start + 1);
        JsonNode ops = array.path(start + 2);
        if (!kind.equals("t") || !id.isTextual() || !ops.isArray()) {
            throw new IllegalArgumentException("a transaction is [\"t\", request id, ops], got " + array);
        }
        return new Txn(id.asText(), (ArrayNode) ops);
    }
}
