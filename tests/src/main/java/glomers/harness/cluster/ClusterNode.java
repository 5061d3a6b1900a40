package glomers.harness.cluster;

import glomers.harness.net.Endpoint;

/**
 * One node as the harness sees it: envelopes go in, envelopes come out through the network.
 * Simulated nodes run a {@code NodeHost} in-process; process nodes are the real launchers over
 * stdio. The network delivers to it as an {@link Endpoint}.
 */
public interface ClusterNode extends Endpoint {

    String id();

    /** Writes one raw line to the node's stdin. Called on the scheduler's loop. */
    void deliver(String line);

    /** Everything the node wrote to stderr so far (bounded), for reports and failed runs. */
    String stderr();

    /**
     * Ends the node's input at the end of a run, before {@link #stop}: a process sees stdin close
     * and writes its last metrics line (see NodeHost.writeMetrics); a simulated node writes it at once.
     */
    void endInput();

    /**
     * Stops the node at the end of a run (SIGKILL for processes). Returns a description of the
     * crash if the node had already exited on its own, which aborts the run like Maelstrom's
     * {@code :node-crashed}; null otherwise.
     */
    String stop();
}
