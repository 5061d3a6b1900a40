package glomers.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import glomers.harness.history.Op;
import java.awt.BasicStroke;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The counters' panel (g-counter, pn-counter): every ok final read, labelled with the node its
 * client thread talks to, against the acceptable sums (the checker's ranges, shaded green).
 */
final class CounterPanel {

    private CounterPanel() {
    }

    static void write(StringBuilder html, JsonNode check, JsonNode result, List<Op> ops) throws IOException {
        JsonNode fields = check.path("fields");
        JsonNode reads = fields.path("final-reads");
        List<long[]> acceptable = new ArrayList<>();
        for (JsonNode range : fields.path("acceptable")) {
            acceptable.add(new long[] {range.path(0).asLong(), range.path(1).asLong()});
        }
        int outside = 0;
        for (JsonNode read : reads) {
            outside += within(read.asLong(), acceptable) ? 0 : 1;
        }
        html.append("<p>").append(reads.size()).append(" final reads, ").append(outside == 0 ? "all" :
                reads.size() - outside + " of them").append(" within the acceptable sums ")
                .append(RunPage.esc(ranges(acceptable))).append(".</p>\n");
        if (reads.size() == 0) {
            return;
        }
        List<String> labels = labels(reads.size(), result, ops);
        PngCharts.image(html, "counter-final-reads", "final reads against the acceptable sums",
                chart(reads, labels, acceptable), 1000, 300);
    }

    static boolean within(long v, List<long[]> ranges) {
        return ranges.stream().anyMatch(r -> r[0] <= v && v <= r[1]);
    }

    private static String ranges(List<long[]> acceptable) {
        List<String> out = new ArrayList<>();
        for (long[] r : acceptable) {
            out.add(r[0] == r[1] ? "{" + r[0] + "}" : "[" + r[0] + ", " + r[1] + "]");
        }
        return String.join(" ∪ ", out);
    }

    /**
     * "n1 (process 4)" per ok final read in history order, as the checker lists them; thread t
     * talks to node t mod n, process p is thread p mod concurrency. Plain "read i" when the run's
     * nodes or concurrency cannot be read back from its replay command.
     */
    static List<String> labels(int count, JsonNode result, List<Op> ops) {
        List<String> nodes = List.of(option(result, "--nodes", "").split(","));
        int concurrency;
        try {
            concurrency = Integer.parseInt(option(result, "--concurrency", "0"));
        } catch (NumberFormatException e) {
            concurrency = 0;
        }
        Map<Long, Op> invoked = new HashMap<>();
        List<String> labels = new ArrayList<>();
        for (Op op : ops) {
            if (!op.isClient()) {
                continue;
            }
            if (op.isInvoke()) {
                invoked.put(op.process(), op);
                continue;
            }
            Op inv = invoked.remove(op.process());
            if (op.isOk() && (op.finalRead() || inv != null && inv.finalRead())) {
                String node = concurrency > 0 && !nodes.get(0).isEmpty()
                        ? nodes.get((int) (op.process() % concurrency) % nodes.size()) + " " : "";
                labels.add(node + "(process " + op.process() + ")");
            }
        }
        if (labels.size() != count) {
            labels.clear();
            for (int i = 1; i <= count; i++) {
                labels.add("read " + i);
            }
        }
        return labels;
    }

    private static String option(JsonNode result, String name, String absent) {
        String[] words = result.path("replay").asText("").split(" ");
        for (int i = 0; i + 1 < words.length; i++) {
            if (words[i].equals(name)) {
                return words[i + 1];
            }
        }
        return absent;
    }

    private static JFreeChart chart(JsonNode reads, List<String> labels, List<long[]> acceptable) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (int i = 0; i < reads.size(); i++) {
            long v = reads.get(i).asLong();
            boolean ok = within(v, acceptable);
            data.addValue(ok ? Long.valueOf(v) : null, "within the acceptable sums", labels.get(i));
            data.addValue(ok ? null : Long.valueOf(v), "outside them", labels.get(i));
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        CategoryAxis x = new CategoryAxis("final read, by node");
        if (labels.size() > 8) {
            x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        NumberAxis y = new NumberAxis("value read");
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        y.setAutoRangeIncludesZero(false);
        LineAndShapeRenderer renderer = new LineAndShapeRenderer(false, true);
        renderer.setSeriesPaint(0, PngCharts.OK);
        renderer.setSeriesPaint(1, PngCharts.BAD);
        renderer.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-5, -5, 10, 10));
        renderer.setSeriesShape(1, new java.awt.geom.Rectangle2D.Double(-5, -5, 10, 10));
        CategoryPlot plot = new CategoryPlot(data, x, y, renderer);
        for (long[] r : acceptable) {
            if (r[0] == r[1]) {
                ValueMarker m = new ValueMarker(r[0], PngCharts.OK, new BasicStroke(1.5f));
                plot.addRangeMarker(m);
            } else {
                plot.addRangeMarker(new IntervalMarker(r[0], r[1], PngCharts.ACCEPTABLE));
            }
            lo = Math.min(lo, r[0]);
            hi = Math.max(hi, r[1]);
        }
        double pad = Math.max(1, (hi - lo) * 0.1);
        y.setRange(lo - pad, hi + pad);
        return PngCharts.styled(plot, true);
    }
}
