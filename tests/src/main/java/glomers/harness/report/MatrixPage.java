package glomers.harness.report;

import glomers.harness.cli.Bars;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code matrix.html} in a matrix folder: every challenge's verdict and figures against its bar,
 * with a link to its run's page, and the same challenge in the earlier matrix folders beside it
 * (servers msgs-per-op and stable latency median over past runs, oldest first, as numbers and as
 * a sparkline that ends with this run's figure).
 */
public final class MatrixPage {

    private static final int TREND_RUNS = 10;

    private MatrixPage() {
    }

    /** One row of challenges.tsv: the id, the workload and the bar. */
    record Challenge(String id, String workload, String bar) {
    }

    public static Path write(Path matrixDir, Path challengesTsv) throws IOException {
        List<Challenge> challenges = new ArrayList<>();
        for (String line : Files.readAllLines(challengesTsv, StandardCharsets.UTF_8)) {
            String[] cols = line.split("\t");
            if (!line.startsWith("#") && cols.length >= 5) {
                challenges.add(new Challenge(cols[0], cols[1], cols[4]));
            }
        }
        List<Path> earlier = earlierMatrices(matrixDir);
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>matrix ")
                .append(esc(matrixDir.getFileName().toString())).append("</title>\n<style>body{font:14px system-ui,"
                        + "sans-serif;margin:24px;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
                        + "padding:3px 8px;text-align:left;vertical-align:top}th{background:#f4f4f4}.met{color:#2e7d32}"
                        + ".missed{color:#c62828;font-weight:bold}td img{display:block;margin:2px 0}" + RunPage.FIT_WIDTH_STYLE
                        + "</style></head><body>\n<h1>Challenge matrix ")
                .append(esc(matrixDir.getFileName().toString())).append("</h1>\n<table><tr><th>id</th><th>workload</th>"
                        + "<th>figures against the bar</th><th>run page</th><th>servers msgs-per-op, earlier runs (the line"
                        + " ends at this run, red)</th><th>stable median (ms), earlier runs</th></tr>\n");
        for (Challenge c : challenges) {
            Path result = resultOf(matrixDir.resolve(c.id()));
            if (result == null) {
                continue;
            }
            html.append("<tr><td>").append(esc(c.id())).append("</td><td>").append(esc(c.workload())).append("</td><td>");
            try {
                StringBuilder line = new StringBuilder();
                int code = Bars.report(Bars.parse(c.bar()), Bars.read(result), line);
                html.append("<span class=\"").append(code == 0 ? "met" : "missed").append("\">").append(esc(line.toString()))
                        .append("</span>");
            } catch (IOException | RuntimeException e) {
                html.append("<span class=\"missed\">unreadable: ").append(esc(e.getMessage())).append("</span>");
            }
            Path page = result.resolveSibling("report.html");
            html.append("</td><td>").append(Files.exists(page)
                    ? "<a href=\"" + esc(matrixDir.relativize(page).toString()) + "\">report.html</a>" : "—")
                    .append("</td><td>").append(trend(earlier, c.id(), true, result)).append("</td><td>")
                    .append(trend(earlier, c.id(), false, result)).append("</td></tr>\n");
        }
        html.append("</table>\n</body></html>\n");
        PngCharts.fill(html);
        Path file = matrixDir.resolve("matrix.html");
        Files.writeString(file, html, StandardCharsets.UTF_8);
        return file;
    }

    /** The matrix folders beside this one that are older (their names sort by time), oldest first. */
    private static List<Path> earlierMatrices(Path matrixDir) throws IOException {
        Path parent = matrixDir.toAbsolutePath().getParent();
        String name = matrixDir.getFileName().toString();
        List<Path> found = new ArrayList<>();
        try (Stream<Path> siblings = Files.list(parent)) {
            siblings.filter(p -> p.getFileName().toString().startsWith("matrix-")
                    && p.getFileName().toString().compareTo(name) < 0).sorted().forEach(found::add);
        }
        return found.subList(Math.max(0, found.size() - TREND_RUNS), found.size());
    }

    /** The harness's result.json under a challenge's folder, or Maelstrom's results.edn; null if none. */
    static Path resultOf(Path challengeDir) throws IOException {
        if (!Files.isDirectory(challengeDir)) {
            return null;
        }
        try (Stream<Path> walk = Files.walk(challengeDir)) {
            Path json = walk.filter(p -> p.getFileName().toString().equals("result.json")).findFirst().orElse(null);
            if (json != null) {
                return json;
            }
        }
        Path edn = challengeDir.resolve("store/latest/results.edn");
        return Files.exists(edn) ? edn : null;
    }

    /** The figure in the earlier runs as numbers, beside a sparkline of them and this run's. */
    private static String trend(List<Path> earlier, String id, boolean msgsPerOp, Path now) throws IOException {
        List<String> values = new ArrayList<>();
        List<Double> points = new ArrayList<>();
        for (Path matrix : earlier) {
            try {
                Path result = resultOf(matrix.resolve(id));
                if (result != null) {
                    Bars.Figures f = Bars.read(result);
                    Double v = msgsPerOp ? f.serversMsgsPerOp() : f.stableMedian();
                    if (v != null) {
                        values.add(msgsPerOp ? String.format(Locale.ROOT, "%.3f", v) : String.format(Locale.ROOT, "%.0f", v));
                        points.add(v);
                    }
                }
            } catch (IOException | RuntimeException e) {
                values.add("?");
            }
        }
        String figure = msgsPerOp ? "msgs-per-op" : "stable-median";
        String chart = TrendCharts.sparkline("trend-" + id + "-" + figure, id + " " + figure
                + " over the earlier matrix runs, then this run", points, figure(now, msgsPerOp));
        return chart + (values.isEmpty() ? "—" : esc(String.join(", ", values)));
    }

    /** One run's servers msgs-per-op or stable latency median; null if it has none or is unreadable. */
    private static Double figure(Path result, boolean msgsPerOp) {
        if (result == null) {
            return null;
        }
        try {
            Bars.Figures f = Bars.read(result);
            return msgsPerOp ? f.serversMsgsPerOp() : f.stableMedian();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String esc(String s) {
        return RunPage.esc(s);
    }
}
