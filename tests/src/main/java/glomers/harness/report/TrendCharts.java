package glomers.harness.report;

import java.awt.BasicStroke;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The matrix page's sparklines: one figure of one challenge over the earlier matrix runs (blue,
 * oldest first) and this run (a red dot at the right end), without axes; the numbers sit beside.
 */
final class TrendCharts {

    static final int WIDTH = 180;
    static final int HEIGHT = 44;

    private TrendCharts() {
    }

    /**
     * An {@code <img data-chart=NAME>} of the earlier values (null: that run had no such figure)
     * and this run's (null if none); empty when there is nothing to draw.
     */
    static String sparkline(String name, String alt, List<Double> earlier, Double now) throws IOException {
        XYSeries past = new XYSeries("earlier runs", false, true);
        for (int i = 0; i < earlier.size(); i++) {
            if (earlier.get(i) != null) {
                past.add(i, earlier.get(i));
            }
        }
        XYSeries current = new XYSeries("this run", false, true);
        if (now != null) {
            current.add(earlier.size(), now);
        }
        if (past.getItemCount() + current.getItemCount() == 0) {
            return "";
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(past);
        data.addSeries(current);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, PngCharts.BLUE);
        renderer.setSeriesStroke(0, new BasicStroke(1.5f));
        renderer.setSeriesShape(0, new Ellipse2D.Double(-2, -2, 4, 4));
        renderer.setSeriesPaint(1, PngCharts.BAD);
        renderer.setSeriesShape(1, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        NumberAxis x = new NumberAxis();
        x.setVisible(false);
        x.setRange(-0.5, Math.max(1, earlier.size()) + 0.5);
        NumberAxis y = new NumberAxis();
        y.setVisible(false);
        y.setAutoRangeIncludesZero(false);
        y.setAutoRangeMinimumSize(1e-6);
        y.setUpperMargin(0.2);
        y.setLowerMargin(0.2);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setOutlineVisible(false);
        plot.setInsets(new RectangleInsets(4, 4, 4, 4));
        JFreeChart chart = PngCharts.styled(plot, false);
        StringBuilder html = new StringBuilder();
        PngCharts.image(html, name, alt, chart, WIDTH, HEIGHT);
        return html.toString();
    }
}
