package glomers.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * kafka's and txn-rw-register's panel: each anomaly type the checker reported, its count, and
 * each shown case with the ops that make it, one op a line ({@code #index process p ok f value
 * at t s}); Elle's edge-by-edge explanation where the case carries one. Then what the harness
 * found beside the verdict, and (txn) what the models allow or could not check.
 */
final class AnomalyPanel {

    /** Cases shown per type; the checker keeps at most 32, result.json has them all. */
    static final int MAX_CASES = 8;
    /** An op's value is cut here: a kafka poll can hold hundreds of messages. */
    static final int MAX_VALUE_CHARS = 240;

    private AnomalyPanel() {
    }

    static void kafka(StringBuilder html, JsonNode check) {
        JsonNode fields = check.path("fields");
        JsonNode extra = check.path("extra-findings");
        List<String> bad = strings(fields.path("bad-error-types"));
        html.append("<table data-anomalies=\"kafka\"><tr><th>anomaly</th><th>cases, with the ops that make them"
                + "</th></tr>\n");
        int rows = 0;
        for (String type : strings(fields.path("error-types"))) {
            JsonNode found = fields.path(type);
            JsonNode cases = found.has("errs") ? found.path("errs") : found;
            int count = found.path("count").asInt(cases.isArray() ? cases.size() : 1);
            String note = bad.contains(type) ? "" : " (allowed)";
            type(html, type + note, count, cases, extra.path("first-case").path(type).asText(null));
            rows++;
        }
        for (String beyond : List.of("acked-sends-missing-at-end", "committed-offsets-backwards")) {
            JsonNode found = extra.path(beyond);
            if (found.path("count").asInt() > 0) {
                type(html, "beyond Maelstrom: " + beyond, found.path("count").asInt(), found.path("first-cases"), null);
                rows++;
            }
        }
        end(html, rows);
    }

    static void txn(StringBuilder html, JsonNode check) {
        JsonNode fields = check.path("fields");
        JsonNode extra = check.path("extra-findings");
        html.append("<table data-anomalies=\"txn\"><tr><th>anomaly</th><th>cases, with the ops that make them"
                + "</th></tr>\n");
        int rows = 0;
        for (String type : strings(fields.path("anomaly-types"))) {
            JsonNode cases = fields.path("anomalies").path(type);
            type(html, type, cases.isArray() ? cases.size() : 1, cases, null);
            rows++;
        }
        end(html, rows);
        html.append("<p>Checked for ").append(RunPage.esc(String.join(", ", strings(extra.path("checked")))))
                .append(" (").append(RunPage.esc(String.join(", ", strings(extra.path("consistency-models")))))
                .append(")");
        List<String> notChecked = strings(extra.path("not-checked"));
        if (!notChecked.isEmpty()) {
            html.append("; could not check ").append(RunPage.esc(String.join(", ", notChecked)));
        }
        List<String> allowed = new ArrayList<>();
        extra.path("allowed-anomaly-types").fields()
                .forEachRemaining(e -> allowed.add(e.getKey() + " ×" + e.getValue().asText()));
        if (!allowed.isEmpty()) {
            html.append("; found but allowed by the model: ").append(RunPage.esc(String.join(", ", allowed)));
        }
        html.append(".</p>\n");
    }

    private static void end(StringBuilder html, int rows) {
        if (rows == 0) {
            html.append("<tr><td colspan=\"2\">no anomalies found</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void type(StringBuilder html, String type, int count, JsonNode cases, String firstCase) {
        html.append("<tr><td><b>").append(RunPage.esc(type)).append("</b><br>").append(count)
                .append(count == 1 ? " case" : " cases").append("</td><td>");
        if (firstCase != null) {
            html.append("<p>").append(RunPage.esc(firstCase)).append("</p>");
        }
        List<JsonNode> list = new ArrayList<>();
        if (cases.isArray()) {
            cases.forEach(list::add);
        } else if (!cases.isMissingNode() && !cases.isNull()) {
            list.add(cases);
        }
        html.append("<ol>");
        for (JsonNode c : list.subList(0, Math.min(MAX_CASES, list.size()))) {
            html.append("<li>");
            caseOf(html, c);
            html.append("</li>");
        }
        html.append("</ol>");
        if (count > Math.min(MAX_CASES, list.size())) {
            html.append("<p>").append(count - Math.min(MAX_CASES, list.size()))
                    .append(" more (result.json holds the cases the checker kept).</p>");
        }
        html.append("</td></tr>\n");
    }

    /** One case: its facts in a line, then each op it names on a line of its own, then Elle's prose. */
    private static void caseOf(StringBuilder html, JsonNode c) {
        if (!c.isObject()) {
            html.append("<code>").append(RunPage.esc(cut(c.isTextual() ? c.asText() : c.toString()))).append("</code>");
            return;
        }
        List<String> facts = new ArrayList<>();
        List<String> opLines = new ArrayList<>();
        String explanation = c.path("explanation").asText(null);
        for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode v = e.getValue();
            if (name.equals("explanation") || name.equals("steps") && explanation != null
                    || name.equals("cycle") && explanation != null || name.equals("type")) {
                continue;
            }
            if (isOp(v)) {
                opLines.add(name + ": " + op(v));
            } else if (v.isArray() && v.size() > 0 && isOp(v.get(0))) {
                for (JsonNode o : v) {
                    opLines.add(name + ": " + (isOp(o) ? op(o) : cut(o.toString())));
                }
            } else {
                facts.add(name + " " + cut(v.isTextual() ? v.asText() : v.toString()));
            }
        }
        html.append(RunPage.esc(String.join(", ", facts)));
        for (String line : opLines) {
            html.append("<br><code>").append(RunPage.esc(line)).append("</code>");
        }
        if (explanation != null) {
            html.append("<pre>").append(RunPage.esc(explained(c.path("cycle"), explanation))).append("</pre>");
        }
    }

    /**
     * Elle's explanation with its "Let: T1 = {json}" lines replaced by the cycle's ops, one
     * formatted line each (T1 is the cycle's first op, which it repeats at its end).
     */
    static String explained(JsonNode cycle, String explanation) {
        int then = explanation.indexOf("\nThen:");
        if (!cycle.isArray() || cycle.size() == 0 || then < 0) {
            return explanation;
        }
        int n = cycle.size();
        if (n > 1 && cycle.get(0).path("index").equals(cycle.get(n - 1).path("index"))) {
            n--;
        }
        StringBuilder out = new StringBuilder("Let:\n");
        for (int i = 0; i < n; i++) {
            out.append("  T").append(i + 1).append(" = ").append(isOp(cycle.get(i)) ? op(cycle.get(i))
                    : cut(cycle.get(i).toString())).append('\n');
        }
        return out.append(explanation.substring(then)).toString();
    }

    static boolean isOp(JsonNode v) {
        return v != null && v.isObject() && v.has("index") && v.has("process") && v.has("f") && v.has("type");
    }

    /** {@code #1183 process 1 ok send [["send","23",[14,15]]] at 2.917 s}. */
    static String op(JsonNode o) {
        String at = o.has("time") ? String.format(Locale.ROOT, " at %.3f s", o.path("time").asDouble() / 1e9) : "";
        return "#" + o.path("index").asText() + " process " + o.path("process").asText() + " "
                + o.path("type").asText() + " " + o.path("f").asText() + " " + cut(o.path("value").toString()) + at;
    }

    private static String cut(String s) {
        return s.length() <= MAX_VALUE_CHARS ? s : s.substring(0, MAX_VALUE_CHARS) + " … (" + s.length() + " chars)";
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
