package glomers.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The nodes' own figures on the run page, from result.json's {@code node-metrics}: one row per
 * node with what it received and sent to servers (by type), its slowest handler's p99, its RPC
 * timeouts, and the workload's counters and distributions, then the totals.
 */
final class NodeMetricsPanel {

    private NodeMetricsPanel() {
    }

    static void write(StringBuilder html, JsonNode result) {
        JsonNode nodes = result.path("node-metrics").path("nodes");
        if (nodes.size() == 0) {
            return;
        }
        Set<String> counters = new TreeSet<>();
        Set<String> distributions = new TreeSet<>();
        nodes.elements().forEachRemaining(m -> {
            m.path("counters").fieldNames().forEachRemaining(counters::add);
            m.path("distributions").fieldNames().forEachRemaining(distributions::add);
        });
        html.append("<h2>The nodes' own figures</h2>\n<p>Each node's last metrics line (written when its stdin"
                + " closed at the end of the run); handler times in µs, distributions as p50 / p99 / max.</p>\n"
                + "<table><tr><th>node</th><th>messages in</th><th>out to servers, by type</th>"
                + "<th>slowest handler p99</th><th>RPC timeouts</th>");
        for (String c : counters) {
            html.append("<th>").append(RunPage.esc(c)).append("</th>");
        }
        for (String d : distributions) {
            html.append("<th>").append(RunPage.esc(d)).append("</th>");
        }
        html.append("</tr>\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = nodes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode m = e.getValue();
            long in = 0;
            StringBuilder out = new StringBuilder();
            long outTotal = 0;
            for (Iterator<Map.Entry<String, JsonNode>> t = m.path("messages").fields(); t.hasNext(); ) {
                Map.Entry<String, JsonNode> type = t.next();
                in += type.getValue().path("in").asLong();
                long n = type.getValue().path("out-to-servers").asLong();
                if (n > 0) {
                    outTotal += n;
                    out.append(out.length() == 0 ? "" : ", ").append(type.getKey()).append(' ').append(n);
                }
            }
            String slowest = "—";
            double worst = -1;
            for (Iterator<Map.Entry<String, JsonNode>> h = m.path("handler-us").fields(); h.hasNext(); ) {
                Map.Entry<String, JsonNode> handler = h.next();
                if (handler.getValue().path("p99").asDouble() > worst) {
                    worst = handler.getValue().path("p99").asDouble();
                    slowest = handler.getValue().path("p99").asText() + " µs (" + handler.getKey() + ")";
                }
            }
            StringBuilder timeouts = new StringBuilder();
            m.path("rpc").path("timed-out").fields().forEachRemaining(t -> timeouts.append(timeouts.length() == 0 ? ""
                    : ", ").append(t.getKey()).append(' ').append(t.getValue().asLong()));
            html.append("<tr><td>").append(RunPage.esc(e.getKey())).append("</td><td>").append(in).append("</td><td>")
                    .append(outTotal).append(outTotal > 0 ? ": " : "").append(RunPage.esc(out.toString()))
                    .append("</td><td>").append(RunPage.esc(slowest)).append("</td><td>")
                    .append(timeouts.length() == 0 ? "0" : RunPage.esc(timeouts.toString())).append("</td>");
            for (String c : counters) {
                html.append("<td>").append(m.path("counters").path(c).asLong()).append("</td>");
            }
            for (String d : distributions) {
                JsonNode dist = m.path("distributions").path(d);
                html.append("<td>").append(dist.path("count").asLong() == 0 ? "—" : RunPage.esc(dist.path("p50").asText()
                        + " / " + dist.path("p99").asText() + " / " + dist.path("max").asText())).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }
}
