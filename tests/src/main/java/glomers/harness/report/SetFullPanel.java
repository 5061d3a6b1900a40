package glomers.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.BasicStroke;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Broadcast's and g-set's panel (Jepsen's set-full checker): the distribution of each value's
 * stable latency as a CDF, from the checker's {@code stable-latency-percentiles} (or, in a
 * result.json written before them, its five {@code stable-latencies} points), then the lost and
 * never-read values, listed.
 */
final class SetFullPanel {

    /** Values and runs ("3–17") listed before "… and N more" (result.json holds them all). */
    static final int MAX_LISTED = 200;

    private SetFullPanel() {
    }

    static void write(StringBuilder html, JsonNode check) throws IOException {
        JsonNode fields = check.path("fields");
        List<double[]> points = points(fields, check.path("extra-findings"));
        html.append("<p>").append(fields.path("stable-count").asText("0")).append(" of ")
                .append(fields.path("attempt-count").asText("0")).append(" values stable");
        JsonNode q = fields.path("stable-latencies");
        if (q.isObject()) {
            html.append("; stable latency median ").append(q.path("0.5").asText()).append(" ms, p95 ")
                    .append(q.path("0.95").asText()).append(" ms, max ").append(q.path("1").asText()).append(" ms");
        }
        html.append(".</p>\n");
        if (!points.isEmpty()) {
            PngCharts.image(html, "stable-latency-cdf", "stable latency distribution", cdf(points), 1000, 300);
        }
        values(html, "Lost", "acknowledged or read, then absent from every later read", fields.path("lost"),
                fields.path("lost-count"));
        values(html, "Never read", "added but in no read", fields.path("never-read"), fields.path("never-read-count"));
    }

    /** (latency ms, fraction of stable values at most that stable) points, ascending. */
    static List<double[]> points(JsonNode fields, JsonNode extra) {
        List<double[]> points = new ArrayList<>();
        JsonNode percentiles = extra.path("stable-latency-percentiles");
        if (percentiles.isArray() && percentiles.size() == 101) {
            for (int p = 0; p <= 100; p++) {
                points.add(new double[] {percentiles.get(p).asDouble(), p / 100.0});
            }
            return points;
        }
        JsonNode q = fields.path("stable-latencies");
        for (String at : new String[] {"0", "0.5", "0.95", "0.99", "1"}) {
            if (q.path(at).isNumber()) {
                points.add(new double[] {q.path(at).asDouble(), Double.parseDouble(at)});
            }
        }
        return points;
    }

    private static JFreeChart cdf(List<double[]> points) {
        XYSeries s = new XYSeries("fraction of stable values", true, true);
        for (double[] p : points) {
            s.addOrUpdate(p[0], p[1]);
        }
        XYStepRenderer renderer = new XYStepRenderer();
        renderer.setSeriesPaint(0, PngCharts.BLUE);
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        NumberAxis x = new NumberAxis("stable latency (ms): from a value's add ok (or first read) to the last read"
                + " that missed it");
        x.setAutoRangeIncludesZero(true);
        if (s.getMaxX() <= 0) {
            x.setRange(0, 1); // every value stable at once (the simulator's 0 ms network)
        }
        NumberAxis y = new NumberAxis("fraction of values stable by then");
        y.setRange(0, 1.02);
        XYPlot plot = new XYPlot(new XYSeriesCollection(s), x, y, renderer);
        return PngCharts.styled(plot, false);
    }

    private static void values(StringBuilder html, String title, String meaning, JsonNode values, JsonNode count) {
        int n = count.isNumber() ? count.asInt() : values.size();
        html.append("<p><b>").append(title).append(" values</b> (").append(RunPage.esc(meaning)).append("): ");
        if (n == 0) {
            html.append("none.</p>\n");
            return;
        }
        html.append(n).append("<br><code data-values=\"").append(title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'))
                .append("\">").append(RunPage.esc(list(values))).append("</code></p>\n");
    }

    /** Values in order, runs of consecutive integers as "a–b", at most MAX_LISTED shown. */
    static String list(JsonNode values) {
        StringBuilder out = new StringBuilder();
        int shown = 0;
        int i = 0;
        while (i < values.size() && shown < MAX_LISTED) {
            JsonNode v = values.get(i);
            int j = i;
            while (v.isIntegralNumber() && j + 1 < values.size() && values.get(j + 1).isIntegralNumber()
                    && values.get(j + 1).asLong() == values.get(j).asLong() + 1) {
                j++;
            }
            out.append(out.length() == 0 ? "" : ", ").append(v.isTextual() ? v.asText() : v.toString());
            if (j > i) {
                out.append(j == i + 1 ? ", " : "–").append(values.get(j).toString());
            }
            shown++;
            i = j + 1;
        }
        if (i < values.size()) {
            out.append(" … and ").append(values.size() - i).append(" more (all in result.json)");
        }
        return out.toString();
    }
}
