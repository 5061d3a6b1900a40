package glomers.core;

/**
 * What the node is doing now, for its log lines: the node's id once known, and the message being
 * handled. The host sets it around each message and timer; the node is single-threaded, so one
 * mutable context serves every line.
 */
final class LogContext {

    String node;
    String src;
    String dest;
    long msgId = -1;
    long inReplyTo = -1;
    /** The client request the work serves, as {@link Log#requestId}; null when none. */
    String req;

    void handling(Message message, String req) {
        this.src = message.src();
        this.dest = message.dest();
        this.msgId = message.msgId();
        this.inReplyTo = message.inReplyTo();
        this.req = req;
    }

    void clear() {
        src = null;
        dest = null;
        msgId = -1;
        inReplyTo = -1;
        req = null;
    }
}
