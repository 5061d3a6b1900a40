package glomers.linkv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import glomers.core.Bodies;
import glomers.core.Log;
import glomers.raft.Codec;

/**
 * What one log entry does once committed: a write or a cas, each carrying the id of the request
 * that made it (the client's id and its msg_id), so a forwarded or duplicated request is appended
 * once; or a new leader's no-op. Reads never enter the log (ReadIndex).
 */
sealed interface Command permits Command.Write, Command.Cas, Command.Noop {

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

    /** The command as a JSON array, its kind first. */
    ArrayNode toJson();

    static String requestId(String client, long msgId) {
        return Log.requestId(client, msgId);
    }

    record Write(JsonNode key, JsonNode value, String requestId) implements Command {
        @Override
        public ArrayNode toJson() {
            return Bodies.nodes().arrayNode().add("w").add(requestId).add(key).add(value);
        }
    }

    /** Sets the key to {@code to} if it holds {@code from}. */
    record Cas(JsonNode key, JsonNode from, JsonNode to, String requestId) implements Command {
        @Override
        public ArrayNode toJson() {
            return Bodies.nodes().arrayNode().add("c").add(requestId).add(key).add(from).add(to);
        }
    }

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

    /** Parses {@link #toJson}'s form, from {@code start} in {@code array}; keys and values made canonical. */
    static Command fromJson(JsonNode array, int start) {
        String kind = array.path(start).asText();
        JsonNode id = array.path(start + 1);
        switch (kind) {
            case "w": {
                JsonNode key = array.get(start + 2);
                JsonNode value = array.get(start + 3);
                if (!id.isTextual() || key == null || value == null || array.size() != start + 4) {
                    throw new IllegalArgumentException("a write is [\"w\", request id, key, value], got " + array);
                }
                return new Write(Values.canonical(key), Values.canonical(value), id.asText());
            }
            case "c": {
                JsonNode key = array.get(start + 2);
                JsonNode from = array.get(start + 3);
                JsonNode to = array.get(start + 4);
                if (!id.isTextual() || key == null || from == null || to == null || array.size() != start + 5) {
                    throw new IllegalArgumentException("a cas is [\"c\", request id, key, from, to], got " + array);
                }
                return new Cas(Values.canonical(key), Values.canonical(from), Values.canonical(to), id.asText());
            }
            case "noop":
                return new Noop();
            default:
                throw new IllegalArgumentException("unknown command kind '" + kind + "' in " + array);
        }
    }
}
