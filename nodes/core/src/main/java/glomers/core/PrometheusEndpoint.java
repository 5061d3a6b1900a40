package glomers.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The node's metrics in Prometheus's text format on {@code http://127.0.0.1:PORT/metrics}, for
 * {@code metrics-port=PORT} (off by default). The JDK's HTTP server answers on its own thread;
 * the snapshot it serves is taken under the runtime's turn, so the node stays single-threaded.
 */
@SuppressForbidden("com.sun.net.httpserver is the JDK's supported jdk.httpserver module; its thread is the runtime's")
final class PrometheusEndpoint {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;

    private PrometheusEndpoint(HttpServer server) {
        this.server = server;
    }

    /**
     * Serves {@code snapshot} (the node id and its metrics JSON, or null before init) on the
     * loopback port; null, logged, when the port cannot be had: the node runs on without it.
     */
    static PrometheusEndpoint start(int port, Supplier<String[]> snapshot, Log log) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
            server.createContext("/metrics", new Page(snapshot));
            server.start();
            return new PrometheusEndpoint(server);
        } catch (IOException | RuntimeException e) {
            log.error("metrics-port-failed", "cannot serve metrics on 127.0.0.1:" + port + "; going on without", e);
            return null;
        }
    }

    /** GET /metrics: the snapshot, formatted. */
    @SuppressForbidden("com.sun.net.httpserver is the JDK's supported jdk.httpserver module")
    private static final class Page implements HttpHandler {
        private final Supplier<String[]> snapshot;

        Page(Supplier<String[]> snapshot) {
            this.snapshot = snapshot;
        }

        @Override
        public void handle(HttpExchange exchange) throws IOException {
            String[] now = snapshot.get();
            byte[] body = (now == null ? "# not initialised yet\n" : format(now[0], now[1])).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    void stop() {
        server.stop(0);
    }

    /** The metrics line's object as Prometheus text: counters as _total, quantiles as labels. */
    static String format(String node, String metricsJson) throws IOException {
        JsonNode m = JSON.readTree(metricsJson);
        StringBuilder out = new StringBuilder(1024);
        String n = "node=\"" + label(node) + "\"";
        out.append("# TYPE glomers_uptime_milliseconds gauge\nglomers_uptime_milliseconds{").append(n).append("} ")
                .append(m.path("uptime-ms").asLong()).append('\n');
        String[][] messageFields = {{"in", "glomers_messages_in_total"}, {"in-bytes", "glomers_bytes_in_total"},
                {"out", "glomers_messages_out_total"}, {"out-bytes", "glomers_bytes_out_total"},
                {"out-to-servers", "glomers_messages_out_to_servers_total"}};
        for (String[] field : messageFields) {
            out.append("# TYPE ").append(field[1]).append(" counter\n");
            for (Iterator<Map.Entry<String, JsonNode>> it = m.path("messages").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.append(field[1]).append('{').append(n).append(",type=\"").append(label(e.getKey())).append("\"} ")
                        .append(e.getValue().path(field[0]).asLong()).append('\n');
            }
        }
        summary(out, "glomers_handler_microseconds", n, "type", m.path("handler-us").fields());
        out.append("# TYPE glomers_rpc_pending gauge\nglomers_rpc_pending{").append(n).append("} ")
                .append(m.path("rpc").path("pending").asLong()).append('\n');
        out.append("# TYPE glomers_rpc_timed_out_total counter\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = m.path("rpc").path("timed-out").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.append("glomers_rpc_timed_out_total{").append(n).append(",type=\"").append(label(e.getKey()))
                    .append("\"} ").append(e.getValue().asLong()).append('\n');
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = m.path("counters").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = "glomers_" + metricName(e.getKey()) + "_total";
            out.append("# TYPE ").append(name).append(" counter\n").append(name).append('{').append(n).append("} ")
                    .append(e.getValue().asLong()).append('\n');
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = m.path("distributions").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            summary(out, "glomers_" + metricName(e.getKey()), n, null, Map.of(e.getKey(), e.getValue()).entrySet().iterator());
        }
        return out.toString();
    }

    /** A summary per entry (labelled {@code labelName=KEY}, or by the node alone when it is null). */
    private static void summary(StringBuilder out, String name, String node, String labelName,
                                Iterator<Map.Entry<String, JsonNode>> it) {
        out.append("# TYPE ").append(name).append(" summary\n");
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String labels = labelName == null ? node : node + "," + labelName + "=\"" + label(e.getKey()) + "\"";
            JsonNode d = e.getValue();
            if (d.path("count").asLong() > 0) {
                out.append(name).append('{').append(labels).append(",quantile=\"0.5\"} ").append(d.path("p50").asText())
                        .append('\n').append(name).append('{').append(labels).append(",quantile=\"0.99\"} ")
                        .append(d.path("p99").asText()).append('\n').append(name).append('{').append(labels)
                        .append(",quantile=\"1\"} ").append(d.path("max").asText()).append('\n');
            }
            out.append(name).append("_count{").append(labels).append("} ").append(d.path("count").asLong()).append('\n');
        }
    }

    /** A metric's name from ours: kebab-case to snake_case, anything else to '_'. */
    static String metricName(String name) {
        return name.replaceAll("[^A-Za-z0-9]", "_");
    }

    private static String label(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
