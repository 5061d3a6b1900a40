package glomers.core;

/** Where a node's outgoing messages go: stdout under Maelstrom, the simulated network in tests. */
@FunctionalInterface
public interface Outbox {
    void send(Message message);
}
