package glomers.harness.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StackedXYAreaRenderer2;
import org.jfree.chart.title.LegendTitle;
import org.jfree.data.xy.DefaultTableXYDataset;
import org.jfree.data.xy.XYSeries;

/**
 * Messages sent per second, stacked by group: client traffic, each of Maelstrom's services, and
 * each server-to-server body type. The busiest groups keep their own band and the rest share
 * "other", so a protocol with twenty message types still gives a legend one can read.
 */
final class MessageRates {

    /** Bands on the chart, "other" included. */
    static final int MAX_SERIES = 8;
    static final String OTHER = "other";
    private static final Color CLIENTS = new Color(0x9e9e9e);
    private static final Color REST = new Color(0xd7ccc8);
    private static final Color[] PALETTE = {new Color(0x1565c0), new Color(0x2e7d32), new Color(0xef6c00),
        new Color(0x6a1b9a), new Color(0x00838f), new Color(0xc62828), new Color(0x9e9d24), new Color(0x4e342e)};

    private MessageRates() {
    }

    /** Group → per-second counts, the busiest first, at most {@link #MAX_SERIES} with "other". */
    static Map<String, int[]> bands(Map<String, int[]> perSecond) {
        List<Map.Entry<String, int[]>> byTotal = new ArrayList<>(perSecond.entrySet());
        byTotal.sort(Comparator.comparingLong((Map.Entry<String, int[]> e) -> -total(e.getValue()))
                .thenComparing(Map.Entry::getKey));
        Map<String, int[]> bands = new LinkedHashMap<>();
        boolean folding = byTotal.size() > MAX_SERIES;
        for (int i = 0; i < byTotal.size(); i++) {
            Map.Entry<String, int[]> e = byTotal.get(i);
            if (folding && i >= MAX_SERIES - 1) {
                int[] rest = bands.computeIfAbsent(OTHER, k -> new int[0]);
                bands.put(OTHER, add(rest, e.getValue()));
            } else {
                bands.put(e.getKey(), e.getValue().clone());
            }
        }
        return bands;
    }

    static JFreeChart chart(Map<String, int[]> perSecond, FaultMarks faults) {
        Map<String, int[]> bands = bands(perSecond);
        int seconds = 0;
        for (int[] counts : bands.values()) {
            seconds = Math.max(seconds, counts.length);
        }
        DefaultTableXYDataset data = new DefaultTableXYDataset();
        StackedXYAreaRenderer2 renderer = new StackedXYAreaRenderer2();
        int colour = 0;
        int i = 0;
        for (Map.Entry<String, int[]> e : bands.entrySet()) {
            // The table dataset needs every series on the same x values, so seconds without sends are 0.
            XYSeries s = new XYSeries(e.getKey(), false, false);
            for (int second = 0; second < seconds; second++) {
                s.add(second + 0.5, second < e.getValue().length ? e.getValue()[second] : 0);
            }
            data.addSeries(s);
            renderer.setSeriesPaint(i++, e.getKey().equals("clients") ? CLIENTS : e.getKey().equals(OTHER) ? REST
                    : PALETTE[colour++ % PALETTE.length]);
        }
        NumberAxis time = new NumberAxis("time (s)");
        time.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot(data, time, new NumberAxis("messages sent per second"), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        faults.draw(plot);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.addLegend(new LegendTitle(plot));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static long total(int[] counts) {
        long sum = 0;
        for (int c : counts) {
            sum += c;
        }
        return sum;
    }

    private static int[] add(int[] a, int[] b) {
        int[] sum = new int[Math.max(a.length, b.length)];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = (i < a.length ? a[i] : 0) + (i < b.length ? b[i] : 0);
        }
        return sum;
    }
}
