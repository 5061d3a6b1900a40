package glomers.core;

/**
 * A workload's logic: a single-threaded state machine. The core calls {@link #onInit} once the
 * node knows who it is; the logic registers its handlers and timers there and from then on acts
 * on the world only through the {@link Env} it was handed.
 */
@FunctionalInterface
public interface NodeLogic {

    /**
     * Called once, on {@code init}. Throwing an {@link RpcError} turns the {@code init_ok} into
     * that error and leaves the node uninitialised, so it can refuse configurations it cannot serve.
     */
    void onInit(Env env, Handlers handlers) throws RpcError;
}
