package glomers.harness.gen;

import glomers.harness.client.Outcome;
import java.util.Optional;

/**
 * A workload's final-phase ops, asked per thread after each of that thread's ops completes
 * (Jepsen runs the final generator on every thread, without stagger). Most workloads run one
 * final read per thread; kafka polls on each thread until it has caught up.
 */
public interface FinalGenerator {

    /** The thread's next op and the delay before it; empty when the thread is done. */
    Optional<Step> next(int thread);

    default void onComplete(int thread, OpSpec op, Outcome outcome) {
    }

    /** The whole phase is cut this long after its first op (kafka: 10 s); MAX_VALUE for never. */
    default long timeLimitNanos() {
        return Long.MAX_VALUE;
    }

    record Step(OpSpec op, long delayNanos) {
    }

    /** One op per thread, at once: the final reads of broadcast, g-set and the counters. */
    static FinalGenerator oncePerThread(java.util.function.IntFunction<Optional<OpSpec>> op) {
        return new FinalGenerator() {
            private final java.util.Set<Integer> done = new java.util.HashSet<>();

            @Override
            public Optional<Step> next(int thread) {
                if (!done.add(thread)) {
                    return Optional.empty();
                }
                return op.apply(thread).map(o -> new Step(o, 0));
            }
        };
    }
}
