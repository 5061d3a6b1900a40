package glomers.harness.sched;

import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * Virtual time: a priority queue of tasks ordered by (time, sequence). Time jumps to the next
 * task, so a simulated minute takes as long as its events do, and the sequence number makes
 * equal-time tasks run in the order they were scheduled: the same seed gives the same run.
 */
public final class VirtualScheduler implements Scheduler {

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long nowNanos;
    private long sequence;

    @Override
    public long nowNanos() {
        return nowNanos;
    }

    @Override
    public void at(long timeNanos, Runnable task) {
        // A task in the past runs now: virtual time never goes backwards.
        queue.add(new Task(Math.max(timeNanos, nowNanos), sequence++, task));
    }

    /** Only the loop thread exists in virtual time, so posting is scheduling for now. */
    @Override
    public void post(Runnable task) {
        at(nowNanos, task);
    }

    @Override
    public boolean runUntil(BooleanSupplier done, long limitNanos) {
        while (!done.getAsBoolean()) {
            Task next = queue.peek();
            if (next == null) {
                return done.getAsBoolean();
            }
            if (next.timeNanos > limitNanos) {
                nowNanos = Math.max(nowNanos, limitNanos);
                return done.getAsBoolean();
            }
            queue.poll();
            nowNanos = next.timeNanos;
            next.task.run();
        }
        return true;
    }

    /** Runs every task due at or before {@code timeNanos}, then sets the clock there. */
    public void runUntilTime(long timeNanos) {
        runUntil(() -> false, timeNanos);
        nowNanos = Math.max(nowNanos, timeNanos);
    }

    public int pendingTasks() {
        return queue.size();
    }

    private record Task(long timeNanos, long seq, Runnable task) implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            int byTime = Long.compare(timeNanos, o.timeNanos);
            return byTime != 0 ? byTime : Long.compare(seq, o.seq);
        }
    }
}
