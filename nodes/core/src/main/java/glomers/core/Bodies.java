package glomers.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds message bodies; every body starts with its {@code type}. */
public final class Bodies {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private Bodies() {
    }

    public static ObjectNode of(String type) {
        ObjectNode body = NODES.objectNode();
        body.put("type", type);
        return body;
    }

    /** A field value written by {@code json} when the message is serialised, never built as a tree. */
    public static JsonNode streamed(StreamedJson json) {
        return NODES.pojoNode(json);
    }

    public static JsonNodeFactory nodes() {
        return NODES;
    }
}
