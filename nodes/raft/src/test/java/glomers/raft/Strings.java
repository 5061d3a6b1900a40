package glomers.raft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import glomers.core.Bodies;

/** The tests' commands: strings, each {@code ["s", text]}; the leader's no-op is "noop". */
final class Strings implements Codec<String> {

    static final Strings CODEC = new Strings();
    static final String NOOP = "noop";

    @Override
    public ArrayNode toJson(String command) {
        return Bodies.nodes().arrayNode().add("s").add(command);
    }

    @Override
    public String fromJson(JsonNode array, int start) {
        if (!"s".equals(array.path(start).asText()) || !array.path(start + 1).isTextual()) {
            throw new IllegalArgumentException("a command is [\"s\", text], got " + array);
        }
        return array.get(start + 1).asText();
    }

    @Override
    public String noop() {
        return NOOP;
    }
}
