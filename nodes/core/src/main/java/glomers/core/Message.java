package glomers.core;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One envelope: Maelstrom's {@code src}, {@code dest} and {@code body} (its {@code id} is ignored). */
public record Message(String src, String dest, ObjectNode body) {

    public String type() {
        return body.path("type").asText();
    }

    /** The request id, or -1 when the body has no integer {@code msg_id}. */
    public long msgId() {
        return integerField("msg_id");
    }

    /** The request this replies to, or -1 when the body has no integer {@code in_reply_to}. */
    public long inReplyTo() {
        return integerField("in_reply_to");
    }

    private long integerField(String name) {
        var value = body.get(name);
        return value != null && value.canConvertToLong() && value.isIntegralNumber() ? value.longValue() : -1;
    }
}
