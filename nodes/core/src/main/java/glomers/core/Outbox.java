package glomers.core;

/** Where a node's outgoing messages go: stdout under Maelstrom, the simulated network in tests. */
@FunctionalInterface
public interface Outbox {
    /**
     * Writes, or copies, the message before returning: the host may reuse its body once this
     * returns (a reply's body gets {@code in_reply_to} in place, and one body may answer many
     * requests). Both runtimes write the line at once.
     */
    void send(Message message);
}
