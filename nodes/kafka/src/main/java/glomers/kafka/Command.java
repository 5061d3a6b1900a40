package glomers.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Bodies;
import glomers.core.Log;
import glomers.raft.Codec;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one log entry does once committed. Client commands carry the id of the request that made
 * them (the client's id and its msg_id), which is how a forwarded or duplicated request is
 * recognised in the log and never appended twice.
 */
sealed interface Command permits Command.Send, Command.CommitOffsets, Command.Noop {

    /** How Raft's entries and the forwards carry commands: {@link #toJson} and {@link #fromJson}. */
    Codec<Command> CODEC = new Codec<>() {
        @Override
        public ArrayNode toJson(Command command) {
            return command.toJson();
        }

        @Override
        public Command fromJson(JsonNode array, int start) {
            return Command.fromJson(array, start);
        }

        @Override
        public Command noop() {
            return new Noop();
        }
    };

    /** Unique per client request; null for a leader's no-op. */
    String requestId();

    /** The command as a JSON array, its kind first; entries and forwards carry it so. */
    ArrayNode toJson();

    /** The core's correlation id, so the log's {@code req} field and the trace name the same request. */
    static String requestId(String client, long msgId) {
        return Log.requestId(client, msgId);
    }

    /** A message appended to a key's log; its offset is its position among that key's sends. */
    record Send(String key, JsonNode msg, String requestId) implements Command {
        @Override
        public ArrayNode toJson() {
            return Bodies.nodes().arrayNode().add("send").add(key).add(msg).add(requestId);
        }
    }

    /** Consumer offsets; applying one never moves a key's committed offset backwards. */
    record CommitOffsets(Map<String, Long> offsets, String requestId) implements Command {
        public CommitOffsets {
            offsets = Collections.unmodifiableMap(new LinkedHashMap<>(offsets));
        }

        @Override
        public ArrayNode toJson() {
            ObjectNode json = Bodies.nodes().objectNode();
            offsets.forEach(json::put);
            ArrayNode array = Bodies.nodes().arrayNode().add("commit");
            array.add(json);
            return array.add(requestId);
        }
    }

    /** A new leader's first entry: committing it commits every earlier entry (Raft, section 5.4.2). */
    record Noop() implements Command {
        @Override
        public String requestId() {
            return null;
        }

        @Override
        public ArrayNode toJson() {
            return Bodies.nodes().arrayNode().add("noop");
        }
    }

    /** Parses {@link #toJson}'s form, from {@code start} in {@code array}. */
    static Command fromJson(JsonNode array, int start) {
        String kind = array.path(start).asText();
        switch (kind) {
            case "send": {
                JsonNode key = array.path(start + 1);
                JsonNode msg = array.get(start + 2);
                JsonNode id = array.path(start + 3);
                if (!key.isTextual() || msg == null || !id.isTextual()) {
                    throw new IllegalArgumentException("a send is [\"send\", key, msg, request id], got " + array);
                }
                return new Send(key.asText(), msg, id.asText());
            }
            case "commit": {
                JsonNode offsets = array.path(start + 1);
                JsonNode id = array.path(start + 2);
                if (!offsets.isObject() || !id.isTextual()) {
                    throw new IllegalArgumentException("a commit is [\"commit\", offsets, request id], got " + array);
                }
                Map<String, Long> parsed = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = offsets.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getValue().canConvertToLong()) {
                        throw new IllegalArgumentException("an offset must be an integer, got " + e.getValue());
                    }
                    parsed.put(e.getKey(), e.getValue().asLong());
                }
                return new CommitOffsets(parsed, id.asText());
            }
            case "noop":
                return new Noop();
            default:
                throw new IllegalArgumentException("unknown command kind '" + kind + "' in " + array);
        }
    }
}
