package glomers.harness.sched;

import java.util.PriorityQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Wall-clock time for process runs. One loop thread (the one calling {@link #runUntil}) owns all
 * run state; other threads, such as the readers of node stdout, only hand work over through
 * {@link #post}, so nothing in the run needs locks.
 */
public final class RealTimeScheduler implements Scheduler {

    private final long startNanos = System.nanoTime();
    private final PriorityQueue<Timed> timed = new PriorityQueue<>();
    private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    private long sequence;

    @Override
    public long nowNanos() {
        return System.nanoTime() - startNanos;
    }

    /** Loop thread only. */
    @Override
    public void at(long timeNanos, Runnable task) {
        timed.add(new Timed(timeNanos, sequence++, task));
    }

    @Override
    public void post(Runnable task) {
        inbox.add(task);
    }

    @Override
    public boolean runUntil(BooleanSupplier done, long limitNanos) {
        while (!done.getAsBoolean()) {
            long now = nowNanos();
            if (now > limitNanos) {
                return false;
            }
            Timed head = timed.peek();
            if (head != null && head.timeNanos <= now) {
                timed.poll();
                head.task.run();
                continue;
            }
            long waitNanos = Math.min(limitNanos, head == null ? Long.MAX_VALUE : head.timeNanos) - now;
            Runnable posted;
            try {
                posted = inbox.poll(Math.max(0, Math.min(waitNanos, 100_000_000L)), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (posted != null) {
                posted.run();
                // Drain what else has arrived before looking at timers again.
                Runnable more;
                while ((more = inbox.poll()) != null) {
                    more.run();
                }
            }
        }
        return true;
    }

    private record Timed(long timeNanos, long seq, Runnable task) implements Comparable<Timed> {
        @Override
        public int compareTo(Timed o) {
            int byTime = Long.compare(timeNanos, o.timeNanos);
            return byTime != 0 ? byTime : Long.compare(seq, o.seq);
        }
    }
}
