package glomers.harness.browser;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a page did in the browser: its weight, its load time (navigation start to the end of the
 * load event, from the page's own performance timing), every {@code [data-chart]} element and
 * whether it rendered, the expected charts it lacks, its console errors, its width against the
 * window's, and its screenshot.
 */
record PageReport(Path page, long bytes, double loadMs, List<Chart> charts, List<String> missing,
                  List<String> consoleErrors, Width width, Path screenshot) {

    /** One {@code data-chart} element: its name, and whether it drew (image decoded, svg with content). */
    record Chart(String name, boolean rendered) {
    }

    /**
     * The document's scroll width against the window's inner width, and the innermost elements
     * that stick out past the window's right edge (outside any scrolling box), described for a
     * person: a page wider than its window makes the reader scroll sideways for every line.
     */
    record Width(int page, int window, List<String> overflowing) {
        boolean fits() {
            return page <= window;
        }
    }

    boolean passed() {
        return consoleErrors.isEmpty() && missing.isEmpty() && charts.stream().allMatch(Chart::rendered) && width.fits();
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
        s.append(", console errors ").append(consoleErrors.size()).append(", width ").append(width.page()).append('/')
                .append(width.window()).append(" px, screenshot ").append(screenshot);
        s.append(passed() ? "" : "  FAILED");
        missing.forEach(m -> s.append("\n  missing chart: ").append(m));
        unrendered().forEach(m -> s.append("\n  chart not rendered: ").append(m));
        consoleErrors.forEach(e -> s.append("\n  console error: ").append(e));
        if (!width.fits()) {
            s.append("\n  wider than the window: ").append(width.page()).append(" px > ").append(width.window())
                    .append(" px");
            width.overflowing().forEach(e -> s.append("\n    sticks out: ").append(e));
        }
        return s.toString();
    }
}
