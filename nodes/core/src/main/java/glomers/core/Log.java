package glomers.core;

/**
 * The node's log: one line per call, on stderr under Maelstrom, in a per-node buffer in the
 * simulator; never on stdout. Each line names an {@code event} (a short, stable, kebab-case name
 * a reader can grep for) and free text. The core adds the time, the node, and the message being
 * handled (its {@code src}, {@code dest}, {@code msg_id}, {@code in_reply_to}, and {@code req}:
 * the client request the work serves), so one request can be followed across nodes.
 */
public interface Log {

    /** Lines below the log's level are not written; callers test {@link #debugEnabled} first. */
    enum Level {
        DEBUG, INFO, WARN, ERROR
    }

    boolean debugEnabled();

    void debug(String event, String text);

    void info(String event, String text);

    void warn(String event, String text);

    void error(String event, String text, Throwable cause);

    /**
     * This log, with {@code req} as the client request its lines serve, for work that is not
     * the handling of that request's own message (a batch, a replicated entry, a timer).
     */
    default Log about(String req) {
        return this;
    }

    /** The correlation id of client {@code src}'s request {@code msgId}: {@code "c3 7"}. */
    static String requestId(String src, long msgId) {
        return src.concat(" ").concat(Long.toString(msgId));
    }
}
