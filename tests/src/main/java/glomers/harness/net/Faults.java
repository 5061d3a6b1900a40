package glomers.harness.net;

/**
 * Simulator-only faults that Maelstrom never injects, all off by default so that default runs
 * match Maelstrom. They apply to node-to-node messages only: client traffic is never faulted.
 *
 * @param duplicate probability that a message is delivered twice (the copy gets its own latency)
 * @param loss      probability that an accepted message is silently dropped
 * @param reorder   probability that a message gets an extra random delay, so it overtakes or is
 *                  overtaken even under constant latency
 */
public record Faults(double duplicate, double loss, double reorder) {

    public static final Faults NONE = new Faults(0, 0, 0);

    public boolean any() {
        return duplicate > 0 || loss > 0 || reorder > 0;
    }
}
