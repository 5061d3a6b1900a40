package glomers.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Env;
import glomers.core.ErrorCode;
import glomers.core.Log;
import glomers.core.RpcCallback;
import glomers.core.RpcError;
import glomers.core.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * An Env that only records: each rpc is kept with its destination, body, timeout and callback,
 * and the test answers it by hand, with a reply body or with the timeout error NodeHost makes.
 */
final class FakeEnv implements Env {

    static final ObjectMapper JSON = new ObjectMapper();

    record Call(String dest, ObjectNode body, long timeoutNanos, RpcCallback callback) {

        /** The body as it goes on the wire, fields in order. */
        String wire() {
            try {
                return JSON.writeValueAsString(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void reply(String json) throws Exception {
            callback.onReply((ObjectNode) parse(json));
        }

        /** What NodeHost hands the callback when no reply came in time. */
        void timeOut() throws Exception {
            callback.onReply(new RpcError(ErrorCode.TIMEOUT, "no reply from " + dest + " within "
                    + timeoutNanos / 1_000_000 + " ms").toBody());
        }
    }

    final List<Call> calls = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    final List<String> otherLogs = new ArrayList<>();

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one call made so far. */
    Call only() {
        assertEquals(1, calls.size(), "calls: " + calls);
        return calls.get(0);
    }

    @Override
    public String nodeId() {
        return "n0";
    }

    @Override
    public List<String> nodeIds() {
        return List.of("n0");
    }

    @Override
    public List<String> args() {
        return List.of();
    }

    @Override
    public long nowNanos() {
        return 0;
    }

    @Override
    public long epochMillis() {
        return 0;
    }

    @Override
    public RandomGenerator random() {
        return new SplittableRandom(1);
    }

    @Override
    public void send(String dest, ObjectNode body) {
        throw new AssertionError("KV clients only make RPCs, but sent " + body + " to " + dest);
    }

    @Override
    public void rpc(String dest, ObjectNode body, long timeoutNanos, RpcCallback callback) {
        calls.add(new Call(dest, body, timeoutNanos, callback));
    }

    @Override
    public Timer after(long delayNanos, Runnable task) {
        throw new AssertionError("KV clients set no timers of their own");
    }

    @Override
    public Timer every(long periodNanos, Runnable task) {
        throw new AssertionError("KV clients set no timers of their own");
    }

    @Override
    public glomers.core.Metrics metrics() {
        return metrics;
    }

    private final glomers.core.Metrics metrics = new glomers.core.Metrics();

    @Override
    public Log log() {
        return new Log() {
            @Override
            public boolean debugEnabled() {
                return true;
            }

            @Override
            public void debug(String event, String message) {
                otherLogs.add("DEBUG " + message);
            }

            @Override
            public void info(String event, String message) {
                otherLogs.add("INFO " + message);
            }

            @Override
            public void warn(String event, String message) {
                warnings.add(message);
            }

            @Override
            public void error(String event, String message, Throwable cause) {
                otherLogs.add("ERROR " + message);
            }
        };
    }
}
