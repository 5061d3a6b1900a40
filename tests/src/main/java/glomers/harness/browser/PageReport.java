package glomers.harness.browser;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a page did in the browser: its weight, its load time (navigation start to the end of the
 * load event, from the page's own performance timing), every {@code [data-chart]} element and
 * whether it rendered, the expected charts it lacks, its console errors, and its screenshot.
 */
record PageReport(Path page, long bytes, double loadMs, List<Chart> charts, List<String> missing,
                  List<String> consoleErrors, Path screenshot) {

    /** One {@code data-chart} element: its name, and whether it drew (image decoded, svg with content). */
    record Chart(String name, boolean rendered) {
    }

    boolean passed() {
        return consoleErrors.isEmpty() && missing.isEmpty() && charts.stream().allMatch(Chart::rendered);
    }

    List<String> unrendered() {
        return charts.stream().filter(c -> !c.rendered()).map(Chart::name).toList();
    }

    /** One line for a person: load, weight, charts, errors, screenshot; then a line per problem. */
    String describe() {
        StringBuilder s = new StringBuilder();
        s.append(page).append(": load ").append(String.format(Locale.ROOT, "%.0f", loadMs)).append(" ms, ")
                .append(bytes < 100_000 ? String.format(Locale.ROOT, "%.1f KB", bytes / 1e3)
                        : String.format(Locale.ROOT, "%.2f MB", bytes / 1e6)).append(", charts ")
                .append(charts.size() - unrendered().size()).append('/').append(charts.size()).append(" rendered");
        if (!charts.isEmpty()) {
            s.append(" (").append(String.join(" ", charts.stream().map(Chart::name).toList())).append(')');
        }
        s.append(", console errors ").append(consoleErrors.size()).append(", screenshot ").append(screenshot);
        s.append(passed() ? "" : "  FAILED");
        missing.forEach(m -> s.append("\n  missing chart: ").append(m));
        unrendered().forEach(m -> s.append("\n  chart not rendered: ").append(m));
        consoleErrors.forEach(e -> s.append("\n  console error: ").append(e));
        return s.toString();
    }
}
