package glomers.harness.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One Chrome DevTools Protocol connection to the browser endpoint, over the JDK's WebSocket.
 * Pages are driven through flattened sessions (Target.attachToTarget with flatten), so one socket
 * carries every page: a call names its session, and events arrive with theirs.
 */
final class DevTools implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<Consumer<JsonNode>> listeners = new CopyOnWriteArrayList<>();
    private final WebSocket socket;

    private DevTools(URI uri, Duration timeout) throws IOException {
        try {
            socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(timeout)
                    .buildAsync(uri, new Adapter()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to " + uri, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot connect to Chromium's DevTools at " + uri + ": " + e, e);
        }
    }

    static DevTools connect(URI uri, Duration timeout) throws IOException {
        return new DevTools(uri, timeout);
    }

    /** A protocol error: the browser answered the call with {@code error}. */
    static final class ProtocolError extends IOException {
        ProtocolError(String method, JsonNode error) {
            super(method + ": " + error.path("message").asText(error.toString()));
        }
    }

    /** Calls {@code method} (on the browser when {@code session} is null) and waits for its result. */
    JsonNode call(String session, String method, Map<String, ?> params, Duration timeout) throws IOException {
        long id = nextId.getAndIncrement();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        if (session != null) {
            message.put("sessionId", session);
        }
        message.set("params", JSON.valueToTree(params));
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            synchronized (socket) {
                // The JDK's WebSocket allows one outstanding send at a time.
                socket.sendText(JSON.writeValueAsString(message), true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            JsonNode reply = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (reply.has("error")) {
                throw new ProtocolError(method, reply.get("error"));
            }
            return reply.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted in " + method, e);
        } catch (ExecutionException e) {
            throw new IOException(method + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(method + " had no answer in " + timeout.toMillis() + " ms");
        } finally {
            pending.remove(id);
        }
    }

    /** Every event from now on (each with its {@code method}, {@code params}, {@code sessionId}). */
    Runnable onEvent(Consumer<JsonNode> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void close() {
        socket.abort();
        failPending(new IOException("DevTools connection closed"));
    }

    private void failPending(Throwable why) {
        pending.values().forEach(f -> f.completeExceptionally(why));
    }

    /** Reassembles fragmented frames and hands each message to its call or to the listeners. */
    private final class Adapter implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                onMessage(text);
            }
            ws.request(1);
            return null;
        }

        private void onMessage(String text) {
            JsonNode message;
            try {
                message = JSON.readTree(text);
            } catch (IOException e) {
                return; // not JSON: nothing of ours
            }
            if (message.has("id")) {
                CompletableFuture<JsonNode> answer = pending.get(message.get("id").asLong());
                if (answer != null) {
                    answer.complete(message);
                }
                return;
            }
            for (Consumer<JsonNode> listener : listeners) {
                try {
                    listener.accept(message);
                } catch (RuntimeException e) {
                    // One listener's bug must not stop the others or the socket.
                }
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            failPending(new IOException("Chromium closed the DevTools connection (" + statusCode + " " + reason + ")"));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            failPending(error);
        }
    }
}
