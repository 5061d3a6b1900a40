package glomers.harness.history;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One history event, as Jepsen records it: an invocation or its completion.
 *
 * @param index     position in the history, from 0
 * @param process   the client process (thread t starts as process t, +concurrency after each
 *                  {@code :info}); {@link #NEMESIS} for nemesis events
 * @param type      invoke, ok, fail or info
 * @param f         the operation: "echo", "generate", "broadcast", "read", "start-partition", ...
 * @param value     the op's value as the workload defines it (invocation: the request's value;
 *                  completion: what the reply gave, or the invocation's value when it failed)
 * @param timeNanos nanoseconds since the run began
 * @param finalRead true for the final-phase reads (Jepsen's {@code :final?})
 * @param error     for fail and info completions: Jepsen's {@code :error} rendered as text
 *                  (e.g. "[:timeout ...]", "[:crash text]", "[:malformed-rpc-response ...]"), else null
 */
public record Op(int index, long process, Type type, String f, JsonNode value, long timeNanos,
                 boolean finalRead, String error) {

    public static final long NEMESIS = -1;

    public enum Type { INVOKE, OK, FAIL, INFO }

    public boolean isInvoke() {
        return type == Type.INVOKE;
    }

    public boolean isOk() {
        return type == Type.OK;
    }

    public boolean isClient() {
        return process != NEMESIS;
    }
}
