package glomers.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import glomers.core.Bodies;

/**
 * One log entry: the term of the leader that appended it and its command. A send also knows its
 * offset, which every replica derives alike from the log before it (the count of earlier sends to
 * the same key), so offsets are dense, start at 0, and need not travel.
 */
record Entry(long term, Command command, long offset) {

    static final long NO_OFFSET = -1;

    Entry(long term, Command command) {
        this(term, command, NO_OFFSET);
    }

    Entry withOffset(long o) {
        return new Entry(term, command, o);
    }

    /** {@code [term, kind, fields...]}: the command's own array behind the term. */
    JsonNode toJson() {
        ArrayNode json = Bodies.nodes().arrayNode().add(term);
        json.addAll(command.toJson());
        return json;
    }

    static Entry fromJson(JsonNode json) {
        if (!json.isArray() || !json.path(0).canConvertToLong()) {
            throw new IllegalArgumentException("an entry is [term, kind, fields...], got " + json);
        }
        return new Entry(json.get(0).asLong(), Command.fromJson(json, 1));
    }
}
