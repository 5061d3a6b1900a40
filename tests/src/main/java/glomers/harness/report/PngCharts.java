package glomers.harness.report;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;

/**
 * A JFreeChart chart inlined in a page as a PNG {@code <img>} with a {@code data-chart} name (the
 * browser test looks for those), for the panels drawn outside {@link RunPage}.
 */
final class PngCharts {

    static final Color OK = new Color(0x2e7d32);
    static final Color BAD = new Color(0xc62828);
    static final Color BLUE = new Color(0x1565c0);
    static final Color ACCEPTABLE = new Color(46, 125, 50, 48);

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

    static void image(StringBuilder html, String name, String alt, JFreeChart chart, int width, int height)
            throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(png, chart, width, height);
        html.append("<img data-chart=\"").append(RunPage.esc(name)).append("\" alt=\"").append(RunPage.esc(alt))
                .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png.toByteArray()))
                .append("\">\n");
    }
}
