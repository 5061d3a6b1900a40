package glomers.harness.report;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;

/**
 * JFreeChart charts inlined in a page as PNG {@code <img>}s, with a {@code data-chart} name (the
 * browser test looks for those), drawn on background threads while the page is written; the
 * colours and plain style the panels share.
 */
final class PngCharts {

    static final Color OK = new Color(0x2e7d32);
    static final Color BAD = new Color(0xc62828);
    static final Color BLUE = new Color(0x1565c0);
    static final Color ACCEPTABLE = new Color(46, 125, 50, 48);

    /** Brackets a pending chart's id in the page until {@link #fill}; never in escaped text. */
    private static final String MARK = "\u0000";
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final Map<Integer, Future<String>> PENDING = new ConcurrentHashMap<>();
    private static final ExecutorService DRAWERS = Executors.newFixedThreadPool(
            Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())), r -> {
                Thread t = new Thread(r, "chart-drawer");
                t.setDaemon(true);
                return t;
            });

    private PngCharts() {
    }

    /** A chart around a plot: white, light grid lines, no title, a legend when asked. */
    static JFreeChart styled(Plot plot, boolean legend) {
        if (plot instanceof XYPlot xy) {
            xy.setBackgroundPaint(Color.WHITE);
            xy.setDomainGridlinePaint(Color.LIGHT_GRAY);
            xy.setRangeGridlinePaint(Color.LIGHT_GRAY);
        } else if (plot instanceof CategoryPlot cat) {
            cat.setBackgroundPaint(Color.WHITE);
            cat.setRangeGridlinePaint(Color.LIGHT_GRAY);
        }
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /**
     * Appends an {@code <img>} for the chart (with {@code data-chart="NAME"} unless name is null)
     * whose PNG is drawn on a background thread; {@link #fill} swaps in the finished images. A
     * page's charts are so drawn in parallel while its tables are written.
     */
    static void image(StringBuilder html, String name, String alt, JFreeChart chart, int width, int height) {
        int id = NEXT.incrementAndGet();
        PENDING.put(id, DRAWERS.submit(() -> {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ChartUtils.writeChartAsPNG(png, chart, width, height);
            return Base64.getEncoder().encodeToString(png.toByteArray());
        }));
        html.append("<img ").append(name == null ? "" : "data-chart=\"" + RunPage.esc(name) + "\" ").append("alt=\"")
                .append(RunPage.esc(alt)).append("\" src=\"data:image/png;base64,").append(MARK).append(id).append(MARK)
                .append("\">\n");
    }

    /** Waits for the page's charts and puts each PNG where {@link #image} left its mark. */
    static void fill(StringBuilder html) throws IOException {
        int from = 0;
        int at;
        while ((at = html.indexOf(MARK, from)) >= 0) {
            int end = html.indexOf(MARK, at + 1);
            Future<String> png = end < 0 ? null : PENDING.remove(Integer.parseInt(html.substring(at + 1, end)));
            if (png == null) {
                from = at + 1;
                continue;
            }
            String base64 = drawn(png);
            html.replace(at, end + 1, base64);
            from = at + base64.length();
        }
    }

    private static String drawn(Future<String> png) throws IOException {
        try {
            return png.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while drawing a chart", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            } else if (cause instanceof RuntimeException r) {
                throw r;
            } else if (cause instanceof Error err) {
                throw err; // AWT without fonts: HarnessMain says so and keeps the verdict
            }
            throw new IOException(cause);
        }
    }
}
