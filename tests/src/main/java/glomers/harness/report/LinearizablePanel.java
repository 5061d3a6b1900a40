package glomers.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import glomers.harness.history.Op;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * lin-kv's panel, in the spirit of Knossos's {@code linear.svg}: for each key that is not
 * linearizable (the first three), the checker's one-line explanation and a timeline of the ops
 * around where the search got stuck: one row per process, each op a bar from its invocation to
 * its completion (to the right edge when indefinite). Green: the last ops of the longest
 * linearizable prefix, in order, with the value each left; red: the op that cannot be
 * linearized; orange: the other ops not yet ordered there.
 */
final class LinearizablePanel {

    static final int MAX_KEYS = 3;
    private static final int WIDTH = 1000;
    private static final int LEFT = 60;
    private static final int ROW = 34;
    private static final int TOP = 24;

    private LinearizablePanel() {
    }

    static void write(StringBuilder html, JsonNode check, List<Op> ops) {
        JsonNode results = check.path("fields").path("results");
        int shown = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = results.fields(); it.hasNext() && shown < MAX_KEYS; ) {
            Map.Entry<String, JsonNode> key = it.next();
            JsonNode r = key.getValue();
            if (!r.path("valid?").isBoolean() || r.path("valid?").asBoolean() || !r.path("timeline").isArray()) {
                continue;
            }
            shown++;
            html.append("<p data-linearizable-key=\"").append(RunPage.esc(key.getKey())).append("\"><b>")
                    .append(RunPage.esc(r.path("summary").asText())).append("</b></p>\n");
            svg(html, r.path("timeline"), ops);
        }
    }

    private static long time(List<Op> ops, int index) {
        return index >= 0 && index < ops.size() ? ops.get(index).timeNanos() : -1;
    }

    private static void svg(StringBuilder html, JsonNode timeline, List<Op> ops) {
        Map<Long, Integer> rows = new TreeMap<>();
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        for (JsonNode op : timeline) {
            rows.putIfAbsent(op.path("process").asLong(), 0);
            long start = time(ops, op.path("invoke-index").asInt());
            long end = time(ops, op.path("complete-index").asInt());
            from = Math.min(from, start);
            to = Math.max(to, Math.max(start, end));
        }
        int row = 0;
        for (Map.Entry<Long, Integer> e : rows.entrySet()) {
            e.setValue(row++);
        }
        double span = Math.max(1, to - from) * 1.08; // room on the right for indefinite ops
        int height = TOP + rows.size() * ROW + 10;
        html.append("<svg data-linearizable-timeline width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" font-size=\"11\" font-family=\"sans-serif\">\n");
        html.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"14\">%.3f s</text><text x=\"%d\" y=\"14\" "
                + "text-anchor=\"end\">%.3f s</text>%n", LEFT, from / 1e9, WIDTH - 4, to / 1e9));
        rows.forEach((p, r) -> html.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\">p%d</text>%n",
                TOP + r * ROW + 18, p)));
        List<String> labels = new ArrayList<>();
        int order = 0;
        for (JsonNode op : timeline) {
            String role = op.path("role").asText();
            long start = time(ops, op.path("invoke-index").asInt());
            long end = time(ops, op.path("complete-index").asInt());
            double x0 = LEFT + (start - from) / span * (WIDTH - LEFT - 4);
            double x1 = end < 0 ? WIDTH - 4 : LEFT + (end - from) / span * (WIDTH - LEFT - 4);
            int y = TOP + rows.get(op.path("process").asLong()) * ROW;
            String color = switch (role) {
                case "linearized" -> "#8fd19e";
                case "cannot-linearize" -> "#f08080";
                default -> "#f5c26b";
            };
            String label = (role.equals("linearized") ? ++order + ". " : "") + op.path("op").asText()
                    + (op.has("after") ? " ⇒ " + op.path("after").asText() : "");
            html.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"24\" rx=\"3\" "
                    + "fill=\"%s\" stroke=\"#555\"><title>%s</title></rect>%n", x0, y, Math.max(3, x1 - x0), color,
                    RunPage.esc(role + ": " + label)));
            labels.add(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>", x0 + 3, y + 16,
                    RunPage.esc(label)));
        }
        labels.forEach(l -> html.append(l).append('\n'));
        html.append("</svg>\n<p style=\"font-size:12px\">green: the last ops of the longest linearizable prefix, "
                + "numbered in their order, with the value each left; red: the op that cannot be linearized; "
                + "orange: the other ops not yet ordered there. A bar runs from invocation to completion (to the "
                + "right edge when the op is indefinite).</p>\n");
    }
}
