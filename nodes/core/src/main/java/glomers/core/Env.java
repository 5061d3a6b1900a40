package glomers.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Everything node logic may touch: identity, time, randomness, the network, timers and a log.
 * The stdio runtime and the simulator hand out different implementations of the same contract,
 * which is why logic never reads a clock, a random source or stdout directly.
 */
public interface Env {

    String nodeId();

    /** All node ids, in the order {@code init} gave them; includes this node. */
    List<String> nodeIds();

    /** The words after Maelstrom's options, as given to the binary. */
    List<String> args();

    /** Monotonic time for deadlines and intervals. */
    long nowNanos();

    /** Wall-clock milliseconds since the Unix epoch; may step backwards or freeze. */
    long epochMillis();

    /** Seeded per node: the simulator replays it bit for bit. */
    RandomGenerator random();

    /** Sends a message that expects no reply. Bodies must not be modified after sending. */
    void send(String dest, ObjectNode body);

    /**
     * Sends a request and calls {@code callback} exactly once: with the reply body, or with an
     * error body of code 0 (timeout) when no reply came within {@code timeoutNanos}. A reply that
     * arrives after that is logged and dropped.
     */
    void rpc(String dest, ObjectNode body, long timeoutNanos, RpcCallback callback);

    /** Runs {@code task} once, {@code delayNanos} from now. */
    Timer after(long delayNanos, Runnable task);

    /** Runs {@code task} every {@code periodNanos}, first after one period; skips missed ticks. */
    Timer every(long periodNanos, Runnable task);

    Log log();

    /** This node's figures, which the host writes to the log every few seconds (see {@link Metrics}). */
    Metrics metrics();

    /**
     * This node's durable storage in {@code directory} (created if absent), which no other process
     * may hold at the same time. The simulator hands out a twin that survives its crashes.
     */
    default Storage openStorage(String directory) throws java.io.IOException {
        throw new java.io.IOException("this environment has no durable storage");
    }

    /**
     * This node's storage under a data directory every node is given ({@code data=DIR}):
     * {@code directory/<node id>}, so nodes started in one working directory never share files.
     */
    default Storage openNodeStorage(String directory) throws java.io.IOException {
        return openStorage(directory.concat("/").concat(nodeId()));
    }
}
