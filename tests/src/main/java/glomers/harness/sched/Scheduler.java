package glomers.harness.sched;

import java.util.function.BooleanSupplier;

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

    /** Runs {@code task} on the loop as soon as possible. Safe from any thread. */
    void post(Runnable task);

    /**
     * Runs the loop on the calling thread until {@code done} holds, time passes {@code limitNanos},
     * or (virtual time only) nothing is left to run. Returns whether {@code done} held.
     */
    boolean runUntil(BooleanSupplier done, long limitNanos);
}
