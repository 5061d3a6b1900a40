package glomers.harness.gen;

/** A workload's endless main-phase op stream; asked for the op a given thread will run. */
@FunctionalInterface
public interface ClientGenerator {
    OpSpec next(int thread);
}
