package glomers.kv;

/**
 * Receives the result of one KV or TSO call, exactly once, on the node's loop. It may throw, as
 * an {@code RpcCallback} may: the exception is not caught here but reaches the core, which logs
 * it with its stack trace the way it logs a failing {@code RpcCallback}, and the node goes on.
 */
@FunctionalInterface
public interface KvCallback<T> {
    void onResult(KvResult<T> result) throws Exception;
}
