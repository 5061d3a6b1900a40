package glomers.kv;

import glomers.core.Bodies;
import glomers.core.Env;
import java.util.Objects;

/**
 * A client of Maelstrom's timestamp oracle: {@code ts} returns a number larger than every one
 * it returned before, to any node ({@code lin-tso} counts from 0). Callback-based like
 * {@link KvClient}, with the same default timeout and the same kinds of result.
 */
public final class Tso {

    public static final String LIN_TSO = "lin-tso";

    private final Env env;
    private final String service;
    private final long timeoutNanos;

    private Tso(Env env, String service, long timeoutNanos) {
        this.env = Objects.requireNonNull(env, "env");
        this.service = Objects.requireNonNull(service, "service");
        this.timeoutNanos = KvClient.requirePositive(timeoutNanos);
    }

    public static Tso linTso(Env env) {
        return of(env, LIN_TSO);
    }

    /** A client of any destination that answers {@code ts} with {@code ts_ok {ts}}. */
    public static Tso of(Env env, String service) {
        return new Tso(env, service, KvClient.DEFAULT_TIMEOUT_NANOS);
    }

    /** A copy that gives up after {@code timeoutNanos} (positive) instead. */
    public Tso withTimeout(long timeoutNanos) {
        return new Tso(env, service, timeoutNanos);
    }

    public String service() {
        return service;
    }

    public long timeoutNanos() {
        return timeoutNanos;
    }

    /** {@code ts}: the next timestamp. */
    public void ts(KvCallback<Long> callback) {
        env.rpc(service, Bodies.of("ts"), timeoutNanos,
                new KvCall.Ts(service, env.log(), Objects.requireNonNull(callback, "callback")));
    }

    @Override
    public String toString() {
        return "Tso{" + service + ", timeout " + timeoutNanos / 1_000_000 + " ms}";
    }
}
