package glomers.harness.cluster;

/**
 * One node as the harness sees it: a JSON line goes in, JSON lines come out. Simulated nodes run
 * a {@code NodeHost} in-process; process nodes are the real launchers over stdio.
 */
public interface ClusterNode {

    String id();

    /** Writes one line to the node's stdin. Called on the scheduler's loop. */
    void deliver(String line);

    /** Everything the node wrote to stderr so far, for reports and failed runs. */
    String stderr();
}
