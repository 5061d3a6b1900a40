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

    /**
     * Each turn first takes everything other threads posted, then every timer that is due, so a
     * busy timer queue cannot starve node output (which would show up as false timeouts); only
     * when neither had work does it block, until the next timer or a post.
     */
    @Override
    public boolean runUntil(BooleanSupplier done, long limitNanos) {
        while (!done.getAsBoolean()) {
            long now = nowNanos();
            if (now > limitNanos) {
                return false;
            }
            boolean worked = drainInbox();
            Timed head;
            while ((head = timed.peek()) != null && head.timeNanos <= now && !done.getAsBoolean()) {
                timed.poll();
                head.task.run();
                worked = true;
            }
            if (worked) {
                continue;
            }
            long until = Math.min(limitNanos, head == null ? Long.MAX_VALUE : head.timeNanos);
            long waitNanos = Math.max(0, Math.min(until - now, 100_000_000L));
            try {
                Runnable posted = inbox.poll(waitNanos, TimeUnit.NANOSECONDS);
                if (posted != null) {
                    posted.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private boolean drainInbox() {
        boolean any = false;
        Runnable posted;
        while ((posted = inbox.poll()) != null) {
            posted.run();
            any = true;
        }
        return any;
    }

    private record Timed(long timeNanos, long seq, Runnable task) implements Comparable<Timed> {
        @Override
        public int compareTo(Timed o) {
            int byTime = Long.compare(timeNanos, o.timeNanos);
            return byTime != 0 ? byTime : Long.compare(seq, o.seq);
        }
    }
}
