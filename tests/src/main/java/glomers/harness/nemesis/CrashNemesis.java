package glomers.harness.nemesis;

import com.fasterxml.jackson.databind.node.TextNode;
import glomers.harness.cluster.Crashable;
import glomers.harness.history.History;
import glomers.harness.history.Op;
import glomers.harness.sched.Scheduler;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A fault Maelstrom never injects ({@code --crash}): every U[0, 2·interval) one random node is
 * killed without warning, losing all state but what it synced to disk, and restarts U[0,
 * interval) later with the same id (a fresh process, or fresh logic in the simulator).
 * Recorded in the history as nemesis ops "kill" and "start".
 */
public final class CrashNemesis {

    private final Scheduler scheduler;
    private final History history;
    private final List<? extends Crashable> nodes;
    private final SplittableRandom random;
    private final long intervalNanos;
    private boolean stopped;

    public CrashNemesis(Scheduler scheduler, History history, List<? extends Crashable> nodes, SplittableRandom random,
                        long intervalNanos) {
        this.scheduler = scheduler;
        this.history = history;
        this.nodes = List.copyOf(nodes);
        this.random = random;
        this.intervalNanos = Math.max(1, intervalNanos);
    }

    public void start(long cutoffNanos, java.util.function.LongSupplier runTime) {
        schedule(scheduler.nowNanos() + random.nextLong(2 * intervalNanos), cutoffNanos, runTime);
    }

    private void schedule(long at, long cutoffNanos, java.util.function.LongSupplier runTime) {
        if (at > cutoffNanos) {
            return;
        }
        scheduler.at(at, () -> {
            if (stopped) {
                return;
            }
            Crashable victim = nodes.get(random.nextInt(nodes.size()));
            if (victim.up()) {
                record("kill", victim.id(), runTime.getAsLong());
                victim.crash();
                scheduler.at(scheduler.nowNanos() + random.nextLong(intervalNanos), () -> {
                    record("start", victim.id(), runTime.getAsLong());
                    victim.restart();
                });
            }
            schedule(scheduler.nowNanos() + random.nextLong(2 * intervalNanos), cutoffNanos, runTime);
        });
    }

    private void record(String f, String node, long time) {
        history.add(Op.NEMESIS, Op.Type.INFO, f, TextNode.valueOf(node), time, false, null);
        history.add(Op.NEMESIS, Op.Type.INFO, f, TextNode.valueOf(node), time, false, null);
    }

    /** No new crashes; nodes already down are restarted on their own schedule. */
    public void stop() {
        stopped = true;
    }
}
