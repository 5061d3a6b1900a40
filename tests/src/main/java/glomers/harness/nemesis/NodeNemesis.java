package glomers.harness.nemesis;

import com.fasterxml.jackson.databind.JsonNode;
import glomers.harness.history.History;
import glomers.harness.history.Op;
import glomers.harness.sched.Scheduler;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * Faults Maelstrom never injects, one node at a time: every U[0, 2·interval) a random node is
 * struck ({@link Fault#strike}), and a fault that ends on its own ends after the delay it drew
 * ({@link Fault#recover}). Each step is a pair of nemesis ops in the history (an invoke-like
 * and a completion-like info, as the partition nemesis writes them), so checkers skip them and
 * the run's page draws them.
 *
 * @param <T> the node handle the fault acts on
 */
public final class NodeNemesis<T> {

    /** What happens to a struck node, and how it ends. */
    public interface Fault<T> {

        /** Whether the node can be struck now: up, and not already struck by this fault. */
        boolean canStrike(T node);

        /**
         * Strikes the node now and returns the nanoseconds until it recovers, drawn from
         * {@code random}, or -1 for a fault that lasts until {@link #endAll}.
         */
        long strike(T node, SplittableRandom random, Recorder record);

        /** Ends a fault whose delay has passed. */
        void recover(T node, Recorder record);

        /** When the run's faults end (before a final phase): undo what is still in force. */
        default void endAll(List<T> nodes, Recorder record) {
        }
    }

    /** Writes one nemesis step into the history, at the run's time. */
    public interface Recorder {
        void record(String f, JsonNode value);
    }

    private final Scheduler scheduler;
    private final List<T> nodes;
    private final SplittableRandom random;
    private final long intervalNanos;
    private final Fault<T> fault;
    private final Recorder recorder;
    private boolean stopped;

    public NodeNemesis(Scheduler scheduler, History history, List<T> nodes, SplittableRandom random,
                       long intervalNanos, Fault<T> fault, LongSupplier runTime) {
        this.scheduler = scheduler;
        this.nodes = List.copyOf(nodes);
        this.random = random;
        this.intervalNanos = Math.max(1, intervalNanos);
        this.fault = fault;
        this.recorder = (f, value) -> {
            long now = runTime.getAsLong();
            history.add(Op.NEMESIS, Op.Type.INFO, f, value, now, false, null);
            history.add(Op.NEMESIS, Op.Type.INFO, f, value, now, false, null);
        };
    }

    public void start(long cutoffNanos) {
        schedule(scheduler.nowNanos() + random.nextLong(2 * intervalNanos), cutoffNanos);
    }

    private void schedule(long at, long cutoffNanos) {
        if (at > cutoffNanos) {
            return;
        }
        scheduler.at(at, () -> {
            if (stopped) {
                return;
            }
            T victim = nodes.get(random.nextInt(nodes.size()));
            if (fault.canStrike(victim)) {
                long recoverInNanos = fault.strike(victim, random, recorder);
                if (recoverInNanos >= 0) {
                    scheduler.at(scheduler.nowNanos() + recoverInNanos, () -> fault.recover(victim, recorder));
                }
            }
            schedule(scheduler.nowNanos() + random.nextLong(2 * intervalNanos), cutoffNanos);
        });
    }

    /**
     * No new faults; those in force end on their own schedule, and with {@code endAll} what
     * lasts until the end is undone now.
     */
    public void stop(boolean endAll) {
        stopped = true;
        if (endAll) {
            fault.endAll(nodes, recorder);
        }
    }
}
