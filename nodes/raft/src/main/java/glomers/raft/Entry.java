package glomers.raft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import glomers.core.Bodies;

/**
 * One log entry: the term of the leader that appended it and the host's command.
 *
 * @param <C> the host's command type
 */
public record Entry<C>(long term, C command) {

    /** {@code [term, ...command]}: the command's own array behind the term. */
    public JsonNode toJson(Codec<C> codec) {
        ArrayNode json = Bodies.nodes().arrayNode().add(term);
        json.addAll(codec.toJson(command));
        return json;
    }

    public static <C> Entry<C> fromJson(JsonNode json, Codec<C> codec) {
        if (!json.isArray() || !json.path(0).canConvertToLong()) {
            throw new IllegalArgumentException("an entry is [term, kind, fields...], got " + json);
        }
        return new Entry<>(json.get(0).asLong(), codec.fromJson(json, 1));
    }
}
