package glomers.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** An error with a Maelstrom code: thrown by handlers, and read from error replies. */
public final class RpcError extends Exception {

    private static final long serialVersionUID = 1L;

    private final int code;

    public RpcError(ErrorCode code, String text) {
        this(code.code(), text);
    }

    public RpcError(int code, String text) {
        super(text, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }

    public String text() {
        return getMessage();
    }

    public boolean definite() {
        return ErrorCode.isDefinite(code);
    }

    /** The error body Maelstrom expects, without {@code in_reply_to}. */
    public ObjectNode toBody() {
        ObjectNode body = Bodies.of("error");
        body.put("code", code);
        body.put("text", text() == null ? "" : text());
        return body;
    }

    /** The error an error reply carries; empty when {@code reply} is not an error. */
    public static Optional<RpcError> of(ObjectNode reply) {
        if (!"error".equals(reply.path("type").asText())) {
            return Optional.empty();
        }
        JsonNode code = reply.get("code");
        int value = code != null && code.canConvertToInt() ? code.intValue() : ErrorCode.CRASH.code();
        return Optional.of(new RpcError(value, reply.path("text").asText("")));
    }

    @Override
    public String toString() {
        return "RpcError{code=" + code + ", text=" + getMessage() + "}";
    }
}
