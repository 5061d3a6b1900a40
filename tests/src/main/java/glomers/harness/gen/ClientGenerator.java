package glomers.harness.gen;

import glomers.harness.client.Outcome;

/**
 * A workload's endless main-phase op stream; asked for the op a given thread will run. Jepsen
 * generators also see completions (kafka tracks what was sent and not yet polled), hence
 * {@link #onComplete}.
 */
@FunctionalInterface
public interface ClientGenerator {

    OpSpec next(int thread);

    /**
     * The op the thread runs, emitted at {@code nowNanos} (scheduler time): for generators with
     * their own clock beside the global stagger, as kafka's client crashes are.
     */
    default OpSpec next(int thread, long nowNanos) {
        return next(thread);
    }

    default void onComplete(int thread, OpSpec op, Outcome outcome) {
    }
}
