package glomers.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import glomers.harness.history.HistoryFile;
import glomers.harness.history.Op;
import glomers.harness.net.MessageLog;
import glomers.harness.net.MessageLogFile;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code report.html} in a run folder: one self-contained page (charts inlined as PNG, no
 * network) with the verdict, Maelstrom's metrics first, and charts drawn by JFreeChart: every
 * op's latency over time by op type and outcome, on a log scale, with faults shaded; latency
 * quantiles over time; throughput over time. Rebuilt from the folder's result.json and history.
 */
public final class RunPage {

    /** Beyond this, the latency scatter draws every n-th op, so a long run's page stays light. */
    static final int MAX_POINTS = 20_000;
    private static final double FLOOR_MS = 0.01;
    private static final Color OK = new Color(0x2e7d32);
    private static final Color FAIL = new Color(0xef6c00);
    private static final Color INFO = new Color(0xc62828);

    private RunPage() {
    }

    /** Rebuilds {@code DIR/report.html} from {@code DIR/result.json} and its history file. */
    public static Path rebuild(Path dir) throws IOException {
        return rebuild(dir, null);
    }

    /** As {@link #rebuild(Path)}, the timeline embedding {@code window} ("FROM-TO" seconds; null: the default). */
    public static Path rebuild(Path dir, String window) throws IOException {
        JsonNode result = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
        Path history = Files.exists(dir.resolve("history.jsonl")) ? dir.resolve("history.jsonl")
                : dir.resolve("history.jsonl.gz");
        List<Op> ops = Files.exists(history) ? HistoryFile.read(history).ops() : List.of();
        Path log = dir.resolve(MessageLogFile.NAME);
        return write(dir, result, ops, Files.exists(log) ? MessageLogFile.source(log) : null, window);
    }

    /**
     * Writes {@code DIR/report.html} at the end of a run, from what the run has in memory: its
     * summary (result.json's content), its ops and its message log.
     */
    public static Path write(Path dir, JsonNode result, List<Op> ops, MessageLog messages) throws IOException {
        return write(dir, result, ops, MessageLogFile.source(messages), null);
    }

    /** {@code messages} null: a folder from before the harness recorded messages. */
    /**
     * Keeps a page within its window: a value cell may break anywhere (a checker's array is written
     * without spaces, so it has no other place to break, and one such cell widened its table, and
     * so the page, past the window), while names in a table's first column and headers break only
     * between words; preformatted text wraps.
     */
    static final String FIT_WIDTH_STYLE = "table{max-width:100%}td{overflow-wrap:anywhere}"
            + "td:first-child{overflow-wrap:normal}pre{white-space:pre-wrap;overflow-wrap:anywhere}";

    private static Path write(Path dir, JsonNode result, List<Op> ops, MessageLogFile.Source messages, String window)
            throws IOException {
        MessageTimeline.Window timelineWindow = window == null ? null : MessageTimeline.Window.parse(window);
        System.setProperty("java.awt.headless", "true");
        List<Completed> done = completions(ops);
        List<double[]> partitions = partitions(ops);
        FaultMarks faults = FaultMarks.of(ops);
        StringBuilder html = new StringBuilder(64 * 1024);
        String title = result.path("workload").asText() + " — " + result.path("verdict").asText();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title>\n<style>body{font:14px system-ui,sans-serif;margin:24px;color:#222}"
                        + "table{border-collapse:collapse;margin:12px 0}td,th{border:1px solid #ccc;padding:3px 8px;"
                        + "text-align:left}th{background:#f4f4f4}.valid{color:#2e7d32}.invalid{color:#c62828}"
                        + "img{display:block;margin:12px 0;max-width:100%}" + FIT_WIDTH_STYLE + MessageTimeline.STYLE
                        + "</style></head><body>\n");
        String verdict = result.path("verdict").asText();
        html.append("<h1>").append(esc(result.path("workload").asText())).append(": <span class=\"")
                .append(verdict.startsWith("valid") ? "valid" : "invalid").append("\">").append(esc(verdict))
                .append("</span>")
                .append(result.path("convergence").path("converged").asBoolean(true) ? ""
                        : " <span class=\"invalid\">(Maelstrom's verdict; not converged)</span>")
                .append("</h1>\n<p>").append(esc(result.path("mode").asText())).append(" mode, seed ")
                .append(esc(result.path("seed").asText())).append(", run ").append(esc(result.path("run").asText()))
                .append("</p>\n");
        metrics(html, result);
        findings(html, result, ops);
        html.append("<h2>Latency of every op</h2>\n<p>Log scale; ok green, fail orange, info red; ")
                .append(FaultMarks.LEGEND).append(".")
                .append(done.size() > MAX_POINTS ? " Every " + stride(done.size()) + "th op of " + done.size() + "." : "")
                .append("</p>\n");
        image(html, "latency", "latency of every op", scatter(done, faults));
        html.append("<h2>Latency quantiles over time</h2>\n");
        image(html, "quantiles", "latency quantiles over time", quantiles(done, faults));
        html.append("<h2>Throughput</h2>\n");
        image(html, "throughput", "throughput over time", throughput(done, faults));
        messages(html, messages, partitions, faults, AnomalySpans.find(result, ops), timelineWindow);
        html.append("</body></html>\n");
        PngCharts.fill(html); // the charts, drawn in parallel meanwhile
        Path file = dir.resolve("report.html");
        Files.writeString(file, html, StandardCharsets.UTF_8);
        return file;
    }

    /** Messages per second by type, and the message timeline, from the run's message log. */
    private static void messages(StringBuilder html, MessageLogFile.Source log, List<double[]> partitions,
                                 FaultMarks faults,
                                 List<AnomalySpans.Span> anomalies, MessageTimeline.Window window)
            throws IOException {
        if (log == null) {
            html.append("<h2>Messages</h2>\n<p>No ").append(MessageLogFile.NAME)
                    .append(" in this folder (a run from before the harness recorded messages).</p>\n");
            return;
        }
        MessageTimeline timeline = MessageTimeline.read(log, partitions, anomalies, window);
        html.append("<h2>Messages per second by type</h2>\n<p>Sent per second: client traffic, each service, and ")
                .append("the servers' messages by body type (the busiest ").append(MessageRates.MAX_SERIES - 1)
                .append(", the rest as other); ").append(FaultMarks.LEGEND).append(".</p>\n");
        image(html, "message-rates", "messages per second by type", MessageRates.chart(timeline.header().perSecond(), faults));
        timeline.appendTo(html);
    }

    /** One completed client op: its f, outcome, completion time (s) and latency (ms). */
    record Completed(String f, Op.Type type, double atSeconds, double latencyMs) {
    }

    static List<Completed> completions(List<Op> ops) {
        Map<Long, Op> invoked = new HashMap<>();
        List<Completed> done = new ArrayList<>();
        for (Op op : ops) {
            if (!op.isClient()) {
                continue;
            }
            if (op.isInvoke()) {
                invoked.put(op.process(), op);
            } else {
                Op inv = invoked.remove(op.process());
                if (inv != null) {
                    done.add(new Completed(op.f(), op.type(), op.timeNanos() / 1e9,
                            (op.timeNanos() - inv.timeNanos()) / 1e6));
                }
            }
        }
        return done;
    }

    /** [start, end] seconds of each partition; a partition still on at the end lasts to the last op. */
    static List<double[]> partitions(List<Op> ops) {
        List<double[]> spans = new ArrayList<>();
        double start = -1;
        double last = 0;
        for (Op op : ops) {
            last = Math.max(last, op.timeNanos() / 1e9);
            if (op.isClient() || op.type() != Op.Type.INFO) {
                continue;
            }
            if (op.f().equals("start-partition") && start < 0) {
                start = op.timeNanos() / 1e9;
            } else if (op.f().equals("stop-partition") && start >= 0) {
                spans.add(new double[] {start, op.timeNanos() / 1e9});
                start = -1;
            }
        }
        if (start >= 0) {
            spans.add(new double[] {start, last});
        }
        return spans;
    }

    private static void metrics(StringBuilder html, JsonNode r) {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("valid?", r.path("verdict").asText());
        if (r.has("convergence")) {
            rows.put("convergence (beyond Maelstrom)", r.path("convergence").path("summary").asText());
        }
        rows.put("availability ok-fraction", num(r.path("ok-fraction")));
        rows.put("net servers msgs-per-op", num(r.path("net").path("servers").path("msgs-per-op")));
        rows.put("net all msgs-per-op", num(r.path("net").path("all").path("msgs-per-op")));
        for (JsonNode check : r.path("checks")) {
            JsonNode stable = check.path("fields").path("stable-latencies");
            if (!stable.isMissingNode()) {
                rows.put("stable latency median / max (ms)", num(stable.path("0.5")) + " / " + num(stable.path("1")));
            }
        }
        rows.put("invocations", r.path("invocations").asText());
        r.path("latency-ms").fields().forEachRemaining(e -> rows.put("latency " + e.getKey() + " p50 / p99 / max (ms)",
                num(e.getValue().path("p50")) + " / " + num(e.getValue().path("p99")) + " / "
                        + num(e.getValue().path("max"))));
        html.append("<table><tr><th>metric</th><th>value</th></tr>\n");
        rows.forEach((k, v) -> html.append("<tr><td>").append(esc(k)).append("</td><td>").append(esc(v))
                .append("</td></tr>\n"));
        html.append("</table>\n<table><tr><th>checker</th><th>verdict</th></tr>\n");
        for (JsonNode check : r.path("checks")) {
            html.append("<tr><td>").append(esc(check.path("checker").asText())).append("</td><td>")
                    .append(esc(check.path("valid").asText(check.path("fields").path("valid?").asText())))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    /**
     * The workload checker's own fields (stable latencies, final reads against the acceptable
     * sums, kafka's error types with their first cases, txn's anomalies) and what the harness
     * found beside Maelstrom's verdict; then the servers' messages by type.
     */
    private static void findings(StringBuilder html, JsonNode r, List<Op> ops) throws IOException {
        for (JsonNode check : r.path("checks")) {
            String name = check.path("checker").asText();
            if (List.of("stats", "availability", "net").contains(name)) {
                continue;
            }
            html.append("<h2>").append(esc(name)).append("</h2>\n");
            WorkloadPanels.write(html, check, r, ops);
            html.append("<table><tr><th>field</th><th>value</th></tr>\n");
            check.path("fields").fields().forEachRemaining(e -> row(html, e.getKey(), e.getValue()));
            check.path("extra-findings").fields().forEachRemaining(e -> row(html, "beyond Maelstrom: " + e.getKey(),
                    e.getValue()));
            html.append("</table>\n");
        }
        convergence(html, r.path("convergence"));
        NodeMetricsPanel.write(html, r);
        JsonNode byType = r.path("net").path("server-messages-by-type");
        JsonNode dropped = r.path("net").path("server-messages-dropped-by-type");
        if (byType.size() > 0) {
            html.append("<h2>Server messages by type</h2>\n<table><tr><th>type</th><th>messages</th>"
                    + "<th>dropped by partitions</th></tr>\n");
            byType.fields().forEachRemaining(e -> html.append("<tr><td>").append(esc(e.getKey())).append("</td><td>")
                    .append(e.getValue().asText()).append("</td><td>")
                    .append(dropped.path(e.getKey()).asLong(0)).append("</td></tr>\n"));
            html.append("</table>\n");
        }
    }

    /**
     * The transaction workloads' convergence check (beyond Maelstrom): its verdict line, the first
     * keys the nodes disagree on with each node's value, and what the phase cost.
     */
    private static void convergence(StringBuilder html, JsonNode c) {
        if (c.isMissingNode()) {
            return;
        }
        html.append("<h2>Convergence (beyond Maelstrom)</h2>\n<p class=\"")
                .append(c.path("converged").asBoolean() ? "valid" : "invalid").append("\">")
                .append(esc(c.path("summary").asText())).append("</p>\n<p>After the last op the harness healed the "
                        + "network, waited ").append(num(c.path("settle-seconds")))
                .append(" s, and read every key the history wrote on every node; these reads are not in the history, "
                        + "and their messages (and the settle's) are not in msgs-per-op.</p>\n");
        html.append("<table><tr><th>field</th><th>value</th></tr>\n");
        for (String field : List.of("nodes-compared", "keys", "disagreeing-key-count", "unanswered", "read-requests",
                "phase-seconds", "messages-not-in-net")) {
            row(html, field, c.path(field));
        }
        for (JsonNode d : c.path("first-disagreements")) {
            row(html, "key " + d.path("key").asText(), d.path("values"));
        }
        html.append("</table>\n");
    }

    private static void row(StringBuilder html, String key, JsonNode value) {
        String text = value.isTextual() ? value.asText() : value.toString();
        if (text.length() > 600) {
            text = text.substring(0, 600) + " … (" + text.length() + " characters; the whole in result.json)";
        }
        html.append("<tr><td>").append(esc(key)).append("</td><td><code>").append(esc(text))
                .append("</code></td></tr>\n");
    }

    private static int stride(int n) {
        return (n + MAX_POINTS - 1) / MAX_POINTS;
    }

    private static JFreeChart scatter(List<Completed> done, FaultMarks faults) {
        Map<String, XYSeries> series = new TreeMap<>();
        int stride = Math.max(1, stride(done.size()));
        for (int i = 0; i < done.size(); i += stride) {
            Completed c = done.get(i);
            String name = c.f() + " " + c.type().name().toLowerCase(Locale.ROOT);
            series.computeIfAbsent(name, n -> new XYSeries(n, false, true))
                    .add(c.atSeconds(), Math.max(FLOOR_MS, c.latencyMs()));
        }
        XYSeriesCollection data = new XYSeriesCollection();
        series.values().forEach(data::addSeries);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        // Colour says the outcome, shape the op type.
        java.awt.Shape[] shapes = org.jfree.chart.plot.DefaultDrawingSupplier.createStandardSeriesShapes();
        List<String> fs = new ArrayList<>();
        for (int i = 0; i < data.getSeriesCount(); i++) {
            String key = data.getSeriesKey(i).toString();
            String f = key.substring(0, key.lastIndexOf(' '));
            if (!fs.contains(f)) {
                fs.add(f);
            }
            renderer.setSeriesPaint(i, key.endsWith(" ok") ? OK : key.endsWith(" fail") ? FAIL : INFO);
            renderer.setSeriesShape(i, shapes[fs.indexOf(f) % shapes.length]);
        }
        JFreeChart chart = chart(data, renderer, "latency (ms, log)", true, faults);
        // Up to 20,000 antialiased shapes took 400 ms to draw, the page's longest wait; 165 ms without.
        chart.setAntiAlias(false);
        return chart;
    }

    private static JFreeChart quantiles(List<Completed> done, FaultMarks faults) {
        Map<Integer, List<Double>> buckets = new TreeMap<>();
        for (Completed c : done) {
            if (c.type() == Op.Type.OK) {
                buckets.computeIfAbsent((int) c.atSeconds(), b -> new ArrayList<>()).add(Math.max(FLOOR_MS, c.latencyMs()));
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        double[] qs = {0.5, 0.95, 0.99, 1.0};
        Color[] colors = {new Color(0x1565c0), OK, FAIL, INFO};
        int lastSecond = buckets.isEmpty() ? 0 : ((TreeMap<Integer, List<Double>>) buckets).lastKey();
        for (double q : qs) {
            XYSeries s = new XYSeries(q == 1.0 ? "max" : "p" + Math.round(q * 100));
            for (int second = 0; second <= lastSecond; second++) {
                List<Double> values = buckets.get(second);
                if (values == null) {
                    s.add(second + 0.5, null); // a gap, not a line across seconds without ops
                    continue;
                }
                values.sort(null);
                s.add(second + 0.5, values.get((int) Math.min(values.size() - 1, Math.floor(q * values.size()))));
            }
            data.addSeries(s);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < qs.length; i++) {
            renderer.setSeriesStroke(i, new BasicStroke(1.5f));
            renderer.setSeriesPaint(i, colors[i]);
        }
        return chart(data, renderer, "latency of ok ops per second (ms, log)", true, faults);
    }

    private static JFreeChart throughput(List<Completed> done, FaultMarks faults) {
        Map<String, TreeMap<Integer, Integer>> counts = new TreeMap<>();
        int last = 0;
        for (Completed c : done) {
            String key = c.type().name().toLowerCase(Locale.ROOT);
            counts.computeIfAbsent(key, k -> new TreeMap<>()).merge((int) c.atSeconds(), 1, Integer::sum);
            last = Math.max(last, (int) c.atSeconds());
        }
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        int i = 0;
        for (Map.Entry<String, TreeMap<Integer, Integer>> e : counts.entrySet()) {
            XYSeries s = new XYSeries(e.getKey());
            for (int second = 0; second <= last; second++) {
                s.add(second + 0.5, e.getValue().getOrDefault(second, 0));
            }
            data.addSeries(s);
            renderer.setSeriesPaint(i++, e.getKey().equals("ok") ? OK : e.getKey().equals("fail") ? FAIL : INFO);
        }
        return chart(data, renderer, "ops completed per second", false, faults);
    }

    private static JFreeChart chart(XYSeriesCollection data, XYLineAndShapeRenderer renderer, String yLabel,
                                    boolean log, FaultMarks faults) {
        NumberAxis time = new NumberAxis("time (s)");
        time.setAutoRangeIncludesZero(true);
        org.jfree.chart.axis.ValueAxis y;
        if (log) {
            LogAxis axis = new LogAxis(yLabel);
            axis.setSmallestValue(FLOOR_MS);
            axis.setNumberFormatOverride(new java.text.DecimalFormat("0.##"));
            double top = 1;
            for (int i = 0; i < data.getSeriesCount(); i++) {
                double max = data.getSeries(i).getMaxY();
                top = Double.isNaN(max) ? top : Math.max(top, max);
            }
            // From the floor (the simulator's 0 ms) to above the slowest op.
            axis.setRange(FLOOR_MS, top * 2);
            y = axis;
        } else {
            y = new NumberAxis(yLabel);
        }
        XYPlot plot = new XYPlot(data, time, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        faults.draw(plot);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.addLegend(new LegendTitle(plot));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** A chart as an inlined PNG; {@code name} is its data-chart, which the browser check looks for. */
    private static void image(StringBuilder html, String name, String alt, JFreeChart chart) throws IOException {
        PngCharts.image(html, name, alt, chart, 1000, 380);
    }

    private static String num(JsonNode n) {
        if (!n.isNumber()) {
            return n.isMissingNode() ? "—" : n.asText();
        }
        double d = n.asDouble();
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.4f", d);
    }

    /** HTML-escapes text for an element or an attribute. */
    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
