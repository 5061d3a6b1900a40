package glomers.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A challenge's bar as numbers, checked against one run's figures, read from the harness's
 * {@code result.json} or real Maelstrom's {@code results.edn}, so both engines print the same
 * figures and a mark per bar. A bar is words: {@code valid}, and {@code FIGURE OP NUMBER} with
 * FIGURE one of {@code availability} (ok-fraction), {@code srv-msgs-per-op},
 * {@code stable-median} and {@code stable-max} (ms), {@code info-count} (client ops left indefinite:
 * timeouts and indefinite errors), OP one of {@code < <= = >= >}; and {@code converged}, the
 * harness's convergence check of the transaction workloads (beyond Maelstrom: a real Maelstrom
 * run has no such figure, so there the bar is reported as not checked and does not fail).
 */
public final class Bars {

    private static final Pattern BAR = Pattern.compile("(availability|srv-msgs-per-op|stable-median|stable-max|info-count)"
            + "(<=|>=|<|>|=)([0-9]+(?:\\.[0-9]+)?)");
    static final List<String> FIGURES = List.of("availability", "srv-msgs-per-op", "stable-median", "stable-max", "info-count");

    /** The bar word for the convergence check; its figure is 1 (converged) or 0. */
    static final String CONVERGED = "converged";

    private Bars() {
    }

    /** One bar: a figure, a comparison and a threshold; "valid" is the verdict. */
    public record Bar(String figure, String op, double threshold) {
        boolean met(double value) {
            return switch (op) {
                case "<" -> value < threshold;
                case "<=" -> value <= threshold;
                case "=" -> value == threshold;
                case ">=" -> value >= threshold;
                default -> value > threshold;
            };
        }

        String text() {
            return figure.equals("valid") || figure.equals(CONVERGED) ? figure : figure + op + trim(threshold);
        }
    }

    /**
     * A run's figures; null where the run has none (a workload without stable latencies).
     * {@code converged} is the harness's convergence check, null when it did not run;
     * {@code realMaelstrom} marks figures read from Maelstrom's results.edn, which never has it.
     */
    public record Figures(String verdict, Double okFraction, Double serversMsgsPerOp, Double stableMedian, Double stableMax,
                          Double infoCount, Boolean converged, boolean realMaelstrom) {

        /** Figures with no convergence check, from the harness. */
        public Figures(String verdict, Double okFraction, Double serversMsgsPerOp, Double stableMedian, Double stableMax,
                       Double infoCount) {
            this(verdict, okFraction, serversMsgsPerOp, stableMedian, stableMax, infoCount, null, false);
        }

        Double get(String figure) {
            return switch (figure) {
                case CONVERGED -> converged == null ? null : converged ? 1.0 : 0.0;
                case "availability" -> okFraction;
                case "srv-msgs-per-op" -> serversMsgsPerOp;
                case "stable-median" -> stableMedian;
                case "info-count" -> infoCount;
                default -> stableMax;
            };
        }
    }

    public static List<Bar> parse(String spec) {
        List<Bar> bars = new ArrayList<>();
        for (String word : spec.trim().split("[\\s;,]+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (word.equals("valid")) {
                bars.add(new Bar("valid", "=", 1));
                continue;
            }
            if (word.equals(CONVERGED)) {
                bars.add(new Bar(CONVERGED, "=", 1));
                continue;
            }
            Matcher m = BAR.matcher(word);
            if (!m.matches()) {
                throw new IllegalArgumentException("bad bar '" + word + "': valid, converged, or FIGURE OP NUMBER with FIGURE one of "
                        + String.join(", ", FIGURES) + " and OP one of < <= = >= >");
            }
            bars.add(new Bar(m.group(1), m.group(2), Double.parseDouble(m.group(3))));
        }
        return bars;
    }

    /** result.json, results.edn, or either gzipped. */
    public static Figures read(Path file) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = file.toString().endsWith(".gz") ? new GZIPInputStream(in).readAllBytes() : in.readAllBytes();
        }
        String name = file.getFileName().toString();
        if (name.startsWith("results.edn")) {
            return fromEdn(Edn.parse(new String(bytes, StandardCharsets.UTF_8)));
        }
        return fromResultJson(new ObjectMapper().readTree(bytes));
    }

    static Figures fromResultJson(JsonNode r) {
        JsonNode stable = null;
        Double infos = null;
        for (JsonNode check : r.path("checks")) {
            if (check.path("fields").has("stable-latencies")) {
                stable = check.path("fields").path("stable-latencies");
            }
            if (check.path("checker").asText().equals("stats")) {
                infos = number(check.path("fields").get("info-count"));
            }
        }
        JsonNode converged = r.path("convergence").get("converged");
        return new Figures(r.path("verdict").asText(), number(r.get("ok-fraction")),
                number(r.path("net").path("servers").get("msgs-per-op")),
                stable == null ? null : number(stable.get("0.5")), stable == null ? null : number(stable.get("1")), infos,
                converged == null || !converged.isBoolean() ? null : converged.asBoolean(), false);
    }

    static Figures fromEdn(Object results) {
        Object valid = Edn.path(results, ":valid?");
        String verdict = Boolean.TRUE.equals(valid) ? "valid" : Boolean.FALSE.equals(valid) ? "invalid" : "unknown";
        Object stable = Edn.path(results, ":workload", ":stable-latencies");
        Double median = null;
        Double max = null;
        if (stable instanceof Map<?, ?> quantiles) {
            for (Map.Entry<?, ?> e : quantiles.entrySet()) {
                double q = ((Number) e.getKey()).doubleValue();
                if (q == 0.5) {
                    median = ((Number) e.getValue()).doubleValue();
                } else if (q == 1) {
                    max = ((Number) e.getValue()).doubleValue();
                }
            }
        }
        return new Figures(verdict, edn(Edn.path(results, ":availability", ":ok-fraction")),
                edn(Edn.path(results, ":net", ":servers", ":msgs-per-op")), median, max,
                edn(Edn.path(results, ":stats", ":info-count")), null, true);
    }

    private static Double number(JsonNode n) {
        return n == null || !n.isNumber() ? null : n.asDouble();
    }

    private static Double edn(Object v) {
        return v instanceof Number n ? n.doubleValue() : null;
    }

    /** One line: each bar with the run's figure and a mark; the exit code: 0 all met, 1 one missed, 2 a figure absent. */
    public static int report(List<Bar> bars, Figures f, StringBuilder line) {
        int code = 0;
        for (Bar bar : bars) {
            if (line.length() > 0) {
                line.append("  ");
            }
            if (bar.figure().equals("valid")) {
                boolean ok = "valid".equals(f.verdict());
                line.append(f.verdict()).append(ok ? " met" : " MISSED");
                code = ok ? code : Math.max(code, 1);
                continue;
            }
            Double value = f.get(bar.figure());
            if (bar.figure().equals(CONVERGED)) {
                if (value == null && f.realMaelstrom()) {
                    line.append("converged not checked (real Maelstrom has no convergence check)");
                    continue;
                }
                if (value != null) {
                    boolean ok = value == 1.0;
                    line.append(ok ? "converged met" : "NOT converged MISSED");
                    code = ok ? code : Math.max(code, 1);
                    continue;
                }
            }
            if (value == null) {
                line.append(bar.figure()).append(" absent (bar ").append(bar.text()).append(")");
                code = 2;
                continue;
            }
            boolean met = bar.met(value);
            line.append(bar.figure()).append(' ').append(trim(value)).append(met ? " met " : " MISSED ").append(bar.op())
                    .append(' ').append(trim(bar.threshold()));
            code = met ? code : Math.max(code, 1);
        }
        return code;
    }

    private static String trim(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return String.format(Locale.ROOT, "%.4f", d).replaceAll("0+$", "");
    }
}
