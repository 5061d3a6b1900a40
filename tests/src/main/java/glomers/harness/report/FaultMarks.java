package glomers.harness.report;

import glomers.harness.history.Op;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;

/**
 * The run's faults as the charts shade them, read from the history's nemesis ops: partitions
 * red, a crashed node grey (kill to start), a paused node blue (pause to resume), each clock
 * step a purple line. A fault still on at the end lasts to the last op.
 */
final class FaultMarks {

    static final Color PARTITION = new Color(255, 0, 0, 28);
    static final Color CRASH = new Color(90, 90, 90, 36);
    static final Color PAUSE = new Color(0, 90, 255, 30);
    static final Color CLOCK_STEP = new Color(140, 0, 160, 150);
    /** What a page's chart paragraphs say the shading means. */
    static final String LEGEND = "partitions shaded red, a crashed node grey, a paused node blue, clock steps purple lines";

    record Span(Color colour, double start, double end) {
    }

    private final List<Span> spans;
    private final List<Double> clockSteps;

    private FaultMarks(List<Span> spans, List<Double> clockSteps) {
        this.spans = spans;
        this.clockSteps = clockSteps;
    }

    static FaultMarks of(List<Op> ops) {
        List<Span> spans = new ArrayList<>();
        for (double[] p : RunPage.partitions(ops)) {
            spans.add(new Span(PARTITION, p[0], p[1]));
        }
        List<Double> steps = new ArrayList<>();
        Map<String, Double> crashedSince = new HashMap<>();
        Map<String, Double> pausedSince = new HashMap<>();
        double last = 0;
        double previous = -1;
        String previousF = null;
        for (Op op : ops) {
            double at = op.timeNanos() / 1e9;
            last = Math.max(last, at);
            if (op.isClient() || op.type() != Op.Type.INFO) {
                continue;
            }
            // Nemesis steps are written twice (as Jepsen's invoke and completion): read each once.
            boolean repeat = op.f().equals(previousF) && at == previous;
            previous = at;
            previousF = op.f();
            if (repeat) {
                continue;
            }
            String node = op.value() == null ? "" : op.value().isTextual() ? op.value().textValue()
                    : op.value().path(0).asText();
            switch (op.f()) {
                case "kill" -> crashedSince.putIfAbsent(node, at);
                case "start" -> close(crashedSince.remove(node), at, CRASH, spans);
                case "pause" -> pausedSince.putIfAbsent(node, at);
                case "resume" -> close(pausedSince.remove(node), at, PAUSE, spans);
                case "clock-step" -> steps.add(at);
                default -> { }
            }
        }
        for (double start : crashedSince.values()) {
            spans.add(new Span(CRASH, start, last));
        }
        for (double start : pausedSince.values()) {
            spans.add(new Span(PAUSE, start, last));
        }
        return new FaultMarks(List.copyOf(spans), List.copyOf(steps));
    }

    private static void close(Double start, double end, Color colour, List<Span> spans) {
        if (start != null) {
            spans.add(new Span(colour, start, end));
        }
    }

    List<Span> spans() {
        return spans;
    }

    List<Double> clockSteps() {
        return clockSteps;
    }

    void draw(XYPlot plot) {
        for (Span s : spans) {
            plot.addDomainMarker(new IntervalMarker(s.start, s.end, s.colour));
        }
        for (double at : clockSteps) {
            ValueMarker line = new ValueMarker(at, CLOCK_STEP, new BasicStroke(1f));
            plot.addDomainMarker(line);
        }
    }
}
