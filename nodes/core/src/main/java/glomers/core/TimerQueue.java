package glomers.core;

import java.util.PriorityQueue;

/** Deadlines the loop polls, ordered by (deadline, insertion): timers are never threads. */
final class TimerQueue {

    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private long sequence;

    Timer schedule(long deadlineNanos, long periodNanos, Runnable task) {
        Entry entry = new Entry(deadlineNanos, periodNanos, sequence++, task);
        queue.add(entry);
        return entry;
    }

    /** Long.MAX_VALUE when nothing is scheduled. */
    long nextDeadlineNanos() {
        Entry head;
        while ((head = queue.peek()) != null && head.cancelled) {
            queue.poll();
        }
        return head == null ? Long.MAX_VALUE : head.deadlineNanos;
    }

    /** Removes and returns the next timer due at {@code nowNanos}, rearming periodic ones. */
    Runnable pollDue(long nowNanos) {
        long head = nextDeadlineNanos();
        if (head > nowNanos || head == Long.MAX_VALUE) {
            return null; // Long.MAX_VALUE is "never", even for a clock that reached it
        }
        Entry due = queue.poll();
        if (due.periodNanos > 0) {
            long next = plus(due.deadlineNanos, due.periodNanos);
            due.deadlineNanos = next > nowNanos ? next : plus(nowNanos, due.periodNanos);
            due.sequence = sequence++;
            queue.add(due);
        } else {
            due.cancelled = true;
        }
        return due.task;
    }

    /**
     * {@code nowNanos + delayNanos}, saturating at Long.MAX_VALUE: a huge delay or period must
     * mean "never", not wrap around into the past (where a periodic timer would fire forever).
     */
    static long plus(long nowNanos, long delayNanos) {
        long sum = nowNanos + delayNanos;
        return ((nowNanos ^ sum) & (delayNanos ^ sum)) < 0 ? (delayNanos > 0 ? Long.MAX_VALUE : Long.MIN_VALUE) : sum;
    }

    /** Drops every timer; handles already given out become harmless to cancel. */
    void clear() {
        queue.forEach(Entry::cancel);
        queue.clear();
    }

    int size() {
        return queue.size();
    }

    private static final class Entry implements Timer, Comparable<Entry> {
        long deadlineNanos;
        final long periodNanos;
        long sequence;
        final Runnable task;
        boolean cancelled;

        Entry(long deadlineNanos, long periodNanos, long sequence, Runnable task) {
            this.deadlineNanos = deadlineNanos;
            this.periodNanos = periodNanos;
            this.sequence = sequence;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Entry other) {
            int byDeadline = Long.compare(deadlineNanos, other.deadlineNanos);
            return byDeadline != 0 ? byDeadline : Long.compare(sequence, other.sequence);
        }
    }
}
