package glomers.harness.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws a throwaway chart on a background thread while a run is simulated, so that what the
 * run page's first chart would pay (loading AWT, its fonts, JFreeChart and the PNG encoder, and
 * the JIT compiling Java2D's loops) is paid on the core the simulation leaves idle. Harness side
 * only: node code never sees it. A failure here is ignored; the page reports its own.
 */
public final class ChartWarmUp {

    private ChartWarmUp() {
    }

    /** Starts the warm-up on a daemon thread (it never keeps the JVM alive) and returns at once. */
    public static Thread start() {
        Thread t = new Thread(ChartWarmUp::run, "chart-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        return t;
    }

    static void run() {
        try {
            System.setProperty("java.awt.headless", "true");
            XYSeriesCollection data = new XYSeriesCollection();
            for (int k = 0; k < 3; k++) {
                XYSeries s = new XYSeries("warm-up " + k, false, true);
                for (int i = 0; i < 50; i++) {
                    s.add(i / 100.0, 0.01 + ((i * 7919L + k * 104_729L) % 1000) / 10.0);
                }
                data.addSeries(s);
            }
            LogAxis y = new LogAxis("latency (ms, log)");
            y.setSmallestValue(0.01);
            XYPlot plot = new XYPlot(data, new NumberAxis("time (s)"), y, new XYLineAndShapeRenderer(false, true));
            JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
            chart.addLegend(new LegendTitle(plot));
            ChartUtils.writeChartAsPNG(new ByteArrayOutputStream(), chart, 1000, 380);
            DefaultCategoryDataset reads = new DefaultCategoryDataset();
            reads.addValue(1, "warm-up", "n0");
            CategoryPlot bars = new CategoryPlot(reads, new CategoryAxis("node"), new NumberAxis("value"),
                    new LineAndShapeRenderer(false, true));
            ChartUtils.writeChartAsPNG(new ByteArrayOutputStream(), new JFreeChart(bars), 200, 100);
        } catch (IOException | RuntimeException | LinkageError | InternalError e) {
            // No fonts or no AWT here: RunPage.write will meet the same and say so.
        }
    }
}
