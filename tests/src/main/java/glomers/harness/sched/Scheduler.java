package glomers.harness.sched;

/**
 * The harness's single-threaded event loop. Everything in a run (clients, generator, network,
 * nemesis, simulated nodes) is written against it, so the same code runs in virtual time in the
 * simulator and in wall-clock time against real processes.
 */
public interface Scheduler {

    /** Nanoseconds since the run began. */
    long nowNanos();

    /** Runs {@code task} on the loop at {@code timeNanos}; equal times run in the order scheduled. */
    void at(long timeNanos, Runnable task);
}
