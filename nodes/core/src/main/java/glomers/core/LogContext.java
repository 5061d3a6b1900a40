package glomers.core;

/**
 * What the node is doing now, for its log lines: the node's id once known, and the message being
 * handled. The host sets it around each message and timer; the node is single-threaded, so one
 * mutable context serves every line. A client request's correlation id is made only when a line
 * or a peer's message needs it: most messages are handled without either.
 */
final class LogContext {

    String node;
    String src;
    String dest;
    long msgId = -1;
    long inReplyTo = -1;
    /** The client request the work serves, as {@link Log#requestId}, once made or when carried. */
    private String req;
    /** Whether {@link #req} is still to be made from {@link #src} and {@link #msgId}. */
    private boolean clientRequest;

    /** A message whose work serves {@code req} (a peer's carried id, an RPC's), or none when null. */
    void handling(Message message, String req) {
        this.src = message.src();
        this.dest = message.dest();
        this.msgId = message.msgId();
        this.inReplyTo = message.inReplyTo();
        this.req = req;
        this.clientRequest = false;
    }

    /** A client's own request, {@code msgId} already read: the work serves it. */
    void handlingClientRequest(Message message, long msgId) {
        this.src = message.src();
        this.dest = message.dest();
        this.msgId = msgId;
        this.inReplyTo = -1;
        this.req = null;
        this.clientRequest = true;
    }

    /** The client request the work serves; null when none. */
    String req() {
        if (clientRequest) {
            req = Log.requestId(src, msgId);
            clientRequest = false;
        }
        return req;
    }

    void clear() {
        src = null;
        dest = null;
        msgId = -1;
        inReplyTo = -1;
        req = null;
        clientRequest = false;
    }
}
