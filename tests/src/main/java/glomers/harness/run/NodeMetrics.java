package glomers.harness.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The nodes' own figures: each node's last metrics line (core's NodeHost writes one every few
 * seconds and when its stdin ends, which the harness does at the end of a run, in both modes),
 * with totals across nodes. Counters and message counts add up; a distribution's count adds up
 * and its max is the largest, while its quantiles are per node only.
 */
final class NodeMetrics {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, JsonNode> byNode;

    private NodeMetrics(Map<String, JsonNode> byNode) {
        this.byNode = byNode;
    }

    /** The last metrics line in each node's stderr; nodes that wrote none are left out. */
    static NodeMetrics fromStderr(Map<String, String> nodeStderr) {
        Map<String, JsonNode> byNode = new TreeMap<>();
        nodeStderr.forEach((node, stderr) -> {
            int at = stderr.lastIndexOf("\"event\":\"metrics\"");
            if (at < 0) {
                return;
            }
            int start = stderr.lastIndexOf('\n', at) + 1;
            int end = stderr.indexOf('\n', at);
            try {
                JsonNode line = JSON.readTree(stderr.substring(start, end < 0 ? stderr.length() : end));
                if (line.path("metrics").isObject()) {
                    byNode.put(node, line.get("metrics"));
                }
            } catch (IOException e) {
                // A line cut short by a killed node: its earlier figures are gone with it.
            }
        });
        return new NodeMetrics(byNode);
    }

    boolean isEmpty() {
        return byNode.isEmpty();
    }

    /** result.json's {@code node-metrics}: {@code nodes} as each wrote them, and {@code totals}. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nodes", byNode);
        m.put("totals", totals());
        return m;
    }

    /** Sums across nodes: messages by type, RPC timeouts, counters; distributions' counts and maxima. */
    Map<String, Object> totals() {
        Map<String, Map<String, Long>> messages = new TreeMap<>();
        Map<String, Long> counters = new TreeMap<>();
        Map<String, Long> timedOut = new TreeMap<>();
        Map<String, Map<String, Double>> distributions = new TreeMap<>();
        long pending = 0;
        for (JsonNode node : byNode.values()) {
            node.path("messages").fields().forEachRemaining(e -> {
                Map<String, Long> sums = messages.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>());
                e.getValue().fields().forEachRemaining(f -> sums.merge(f.getKey(), f.getValue().asLong(), Long::sum));
            });
            node.path("counters").fields().forEachRemaining(e -> counters.merge(e.getKey(), e.getValue().asLong(),
                    Long::sum));
            node.path("rpc").path("timed-out").fields().forEachRemaining(e -> timedOut.merge(e.getKey(),
                    e.getValue().asLong(), Long::sum));
            pending += node.path("rpc").path("pending").asLong();
            node.path("distributions").fields().forEachRemaining(e -> {
                Map<String, Double> d = distributions.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>());
                d.merge("count", e.getValue().path("count").asDouble(), Double::sum);
                d.merge("max", e.getValue().path("max").asDouble(), Math::max);
            });
        }
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("messages", messages);
        totals.put("rpc-pending", pending);
        totals.put("rpc-timed-out", timedOut);
        totals.put("counters", counters);
        totals.put("distributions", distributions);
        return totals;
    }

    /** Messages the nodes sent to other nodes and services, by type, summed: the harness's server count's twin. */
    Map<String, Long> sentToServersByType() {
        Map<String, Long> sums = new TreeMap<>();
        for (JsonNode node : byNode.values()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.path("messages").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                long n = e.getValue().path("out-to-servers").asLong();
                if (n > 0) {
                    sums.merge(e.getKey(), n, Long::sum);
                }
            }
        }
        return sums;
    }

    /** The table's rows: per node, what it sent to servers, its slowest handler p99, and its own counters. */
    void print(PrintStream out) {
        byNode.forEach((node, m) -> {
            long toServers = 0;
            long in = 0;
            StringBuilder byType = new StringBuilder();
            for (Iterator<Map.Entry<String, JsonNode>> it = m.path("messages").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                long n = e.getValue().path("out-to-servers").asLong();
                toServers += n;
                in += e.getValue().path("in").asLong();
                if (n > 0) {
                    byType.append(byType.length() == 0 ? "" : " ").append(e.getKey()).append('=').append(n);
                }
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "in %d  out to servers %d", in,
                    toServers));
            if (byType.length() > 0) {
                line.append(" (").append(byType).append(')');
            }
            double worstP99 = 0;
            String worstType = null;
            for (Iterator<Map.Entry<String, JsonNode>> it = m.path("handler-us").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().path("p99").asDouble() >= worstP99) {
                    worstP99 = e.getValue().path("p99").asDouble();
                    worstType = e.getKey();
                }
            }
            if (worstType != null) {
                line.append(String.format(Locale.ROOT, "  slowest handler p99 %.0f µs (%s)", worstP99, worstType));
            }
            m.path("rpc").path("timed-out").fields().forEachRemaining(e -> line.append("  rpc timeouts ")
                    .append(e.getKey()).append('=').append(e.getValue().asLong()));
            m.path("counters").fields().forEachRemaining(e -> line.append("  ").append(e.getKey()).append('=')
                    .append(e.getValue().asLong()));
            m.path("distributions").fields().forEachRemaining(e -> {
                if (e.getValue().path("count").asLong() > 0) {
                    line.append("  ").append(e.getKey()).append(String.format(Locale.ROOT, " p50 %s max %s",
                            e.getValue().path("p50").asText(), e.getValue().path("max").asText()));
                }
            });
            Reports.row(out, "node " + node, line);
        });
    }
}
