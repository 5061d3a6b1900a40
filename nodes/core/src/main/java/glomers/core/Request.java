package glomers.core;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A request as a handler sees it; replying goes through the node so the core can police it. */
public final class Request {

    private final Message message;
    /** Read from the body once: the core asks for both several times per request. */
    private final String type;
    private final long msgId;
    private final long receivedNanos;
    private final NodeHost host;
    private boolean replied;

    /** @param type the message's type, already read */
    Request(Message message, String type, long receivedNanos, NodeHost host) {
        this.message = message;
        this.type = type;
        this.msgId = message.msgId();
        this.receivedNanos = receivedNanos;
        this.host = host;
    }

    public String src() {
        return message.src();
    }

    /** The id this request was addressed to: this node's id, even before {@code init}. */
    public String dest() {
        return message.dest();
    }

    public String type() {
        return type;
    }

    Message message() {
        return message;
    }

    public ObjectNode body() {
        return message.body();
    }

    /** -1 when the sender expects no reply. */
    public long msgId() {
        return msgId;
    }

    public long receivedNanos() {
        return receivedNanos;
    }

    public boolean replied() {
        return replied;
    }

    /**
     * Replies with {@code body}; the core adds {@code in_reply_to} to it, so one body can answer
     * several requests in turn, each reply written with its own. Only the first reply is sent.
     */
    public void reply(ObjectNode body) {
        if (replied) {
            host.log().warn("second-reply", "second reply to " + src() + " msg_id " + msgId() + " dropped: "
                    + body.path("type").asText());
            return;
        }
        replied = true;
        host.reply(this, body);
    }

    /** Replies with a bare body of the given type, such as {@code topology_ok}. */
    public void reply(String type) {
        reply(Bodies.of(type));
    }

    public void replyError(RpcError error) {
        reply(error.toBody());
    }
}
