package glomers.core;

/**
 * What the node is doing now, for its log lines: the node's id once known, and the message being
 * handled. The host sets it around each message and timer; the node is single-threaded, so one
 * mutable context serves every line. It keeps the message itself and reads its fields only when
 * a line is written, and a client request's correlation id is made only when a line or a peer's
 * message needs it: most messages are handled without either.
 */
final class LogContext {

    String node;
    /** The message in hand; null between messages and in timers. */
    private Message message;
    /** The client request the work serves, as {@link Log#requestId}, once made or when carried. */
    private String req;
    /** Whether {@link #req} is still to be made from the message's src and msg_id. */
    private boolean clientRequest;

    /** A message whose work serves {@code req} (a peer's carried id, an RPC's), or none when null. */
    void handling(Message message, String req) {
        this.message = message;
        this.req = req;
        this.clientRequest = false;
    }

    /** A client's own request: the work serves it. */
    void handlingClientRequest(Message message) {
        this.message = message;
        this.req = null;
        this.clientRequest = true;
    }

    /** The src of the message in hand; null when none. */
    String src() {
        return message == null ? null : message.src();
    }

    String dest() {
        return message == null ? null : message.dest();
    }

    /** -1 when none. */
    long msgId() {
        return message == null ? -1 : message.msgId();
    }

    /** -1 when none. */
    long inReplyTo() {
        return message == null ? -1 : message.inReplyTo();
    }

    /** The client request the work serves; null when none. */
    String req() {
        if (clientRequest) {
            req = Log.requestId(message.src(), message.msgId());
            clientRequest = false;
        }
        return req;
    }

    void clear() {
        message = null;
        req = null;
        clientRequest = false;
    }
}
