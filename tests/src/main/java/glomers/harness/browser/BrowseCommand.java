package glomers.harness.browser;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code java -jar tests/target/harness.jar browse [--expect NAME,...] PAGE.html ...}: opens each
 * page in one headless Chromium and prints its load time, weight, charts, console errors and the
 * screenshot it left beside the page. An {@code --expect} applies to the pages after it, until the
 * next one, so one browser checks a matrix page and its run pages with their own lists.
 * Exit code: 0 every page passed, 1 a page failed (or Chromium would not start), 2 no Chromium
 * installed, 254 bad options.
 */
public final class BrowseCommand {

    static final int NO_BROWSER = 2;
    private static final String USAGE = "usage: java -jar tests/target/harness.jar browse [--timeout SECONDS]"
            + " [--expect NAME,...] PAGE.html ... [--expect NAME,... PAGE.html ...]\n"
            + "  opens each page in headless Chromium ($CHROMIUM, or chromium on PATH) in a 1400 px window; fails on"
            + " a console\n  error, an expected data-chart that is absent, one that did not render, or a page wider"
            + " than the window\n";

    private BrowseCommand() {
    }

    /** A page and the charts it must have. */
    record Visit(Path page, List<String> expected) {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        List<Visit> visits = new ArrayList<>();
        List<String> expected = List.of();
        Duration timeout = Duration.ofSeconds(60);
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if ((a.equals("--expect") || a.equals("--timeout")) && i + 1 >= args.size()) {
                err.print("harness: " + a + " needs a value\n" + USAGE);
                return 254;
            }
            if (a.equals("--expect")) {
                expected = Arrays.stream(args.get(++i).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            } else if (a.equals("--timeout")) {
                try {
                    timeout = Duration.ofSeconds(Long.parseLong(args.get(++i)));
                } catch (NumberFormatException e) {
                    err.print("harness: --timeout takes whole seconds\n" + USAGE);
                    return 254;
                }
            } else if (a.startsWith("-")) {
                err.print("harness: unknown option " + a + "\n" + USAGE);
                return 254;
            } else {
                visits.add(new Visit(Path.of(a), expected));
            }
        }
        if (visits.isEmpty()) {
            err.print(USAGE);
            return 254;
        }
        Optional<Path> exe = Chromium.find();
        if (exe.isEmpty()) {
            err.println("harness: no Chromium found ($CHROMIUM, or chromium on PATH; Debian: apt-get install chromium)");
            return NO_BROWSER;
        }
        return visit(exe.get(), visits, timeout, out, err);
    }

    private static int visit(Path exe, List<Visit> visits, Duration timeout, PrintStream out, PrintStream err) {
        int failed = 0;
        long startNs = System.nanoTime();
        try (Chromium browser = Chromium.start(exe, Duration.ofSeconds(30))) {
            PageCheck check = new PageCheck(browser.devTools(), timeout);
            for (Visit v : visits) {
                try {
                    PageReport r = check.check(v.page(), v.expected());
                    out.println(r.describe());
                    failed += r.passed() ? 0 : 1;
                } catch (IOException e) {
                    // One page that cannot be checked fails; the others are still checked.
                    out.println(v.page() + ": FAILED: " + e.getMessage());
                    failed++;
                }
            }
        } catch (IOException e) {
            // Installed but not starting is a fault to fix, not a machine without a browser.
            err.println("harness: cannot start Chromium (" + exe + "): " + e.getMessage());
            return 1;
        }
        out.printf("browse: %d page(s), %d failed, in %.1f s%n", visits.size(), failed,
                (System.nanoTime() - startNs) / 1e9);
        return failed == 0 ? 0 : 1;
    }
}
