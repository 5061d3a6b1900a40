package glomers.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import glomers.harness.run.Reports;
import glomers.harness.run.Run;
import glomers.harness.run.RunConfig;
import glomers.harness.run.RunResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code java -jar tests/target/harness.jar test -w echo --bin maelstrom-bin/echo ...}: one run,
 * in simulation (default) or against real processes, with Maelstrom's options and exit codes
 * (0 valid, 1 invalid, 2 unknown, 254 bad options, 255 aborted). {@code report DIR} tabulates
 * the result files under DIR; {@code check -w WORKLOAD HISTORY} judges a recorded history;
 * {@code trace RUN_DIR CLIENT MSG_ID} prints every node's log line about one client request;
 * {@code browse PAGE.html...} opens pages in headless Chromium and checks they render.
 */
public final class HarnessMain {

    private HarnessMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** {@code bars SPEC FILE}: the run's figures against a challenge's bar, one line, and 0/1/2. */
    private static int bars(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 3) {
            err.println("usage: java -jar tests/target/harness.jar bars 'BAR' result.json|results.edn[.gz]");
            return 254;
        }
        try {
            StringBuilder line = new StringBuilder();
            int code = Bars.report(Bars.parse(args[1]), Bars.read(Path.of(args[2])), line);
            out.println(line);
            return code;
        } catch (IOException | IllegalArgumentException e) {
            err.println("harness: " + e.getMessage());
            return 254;
        }
    }

    /** {@code -Dglomers.report.html=false} skips report.html (rebuild it later with {@code report --html}). */
    static boolean writesReportPage() {
        return !"false".equals(System.getProperty("glomers.report.html"));
    }

    static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        boolean window = args.length == 5 && args[3].equals("--window");
        if ((args.length == 3 || window) && args[0].equals("report") && args[1].equals("--html")) {
            try {
                out.println("report page: " + glomers.harness.report.RunPage.rebuild(Path.of(args[2]),
                        window ? args[4] : null));
                return 0;
            } catch (IOException | RuntimeException e) {
                err.println("harness: cannot write the report page for " + args[2] + ": " + e);
                return 254;
            }
        }
        if (args.length == 4 && args[0].equals("report") && args[1].equals("--matrix")) {
            try {
                out.println("matrix page: " + glomers.harness.report.MatrixPage.write(Path.of(args[2]), Path.of(args[3])));
                return 0;
            } catch (IOException | RuntimeException e) {
                err.println("harness: cannot write the matrix page for " + args[2] + ": " + e);
                return 254;
            }
        }
        if (args.length == 2 && args[0].equals("report")) {
            return ResultsReport.print(Path.of(args[1]), out);
        }
        if (args.length > 0 && args[0].equals("check")) {
            return CheckCommand.run(List.of(args).subList(1, args.length), out, err);
        }
        if (args.length > 0 && args[0].equals("bars")) {
            return bars(args, out, err);
        }
        if (args.length > 0 && args[0].equals("trace")) {
            return TraceCommand.run(List.of(args).subList(1, args.length), out, err);
        }
        if (args.length > 0 && args[0].equals("browse")) {
            return glomers.harness.browser.BrowseCommand.run(List.of(args).subList(1, args.length), out, err);
        }
        RunConfig config;
        try {
            config = Options.parse(args);
        } catch (Options.BadOptions e) {
            if (!e.getMessage().isEmpty()) {
                err.println("harness: " + e.getMessage());
            }
            err.print(Options.usage());
            return 254;
        }
        if (config.mode() == RunConfig.Mode.PROCESS && config.faults().any()) {
            err.println("[harness] WARNING: --dup, --loss and --reorder apply to sim mode only; ignored");
        }
        err.println("[harness] " + config.workload() + " in " + config.mode().name().toLowerCase(java.util.Locale.ROOT)
                + " mode, seed " + config.seed());
        if (writesReportPage()) {
            glomers.harness.report.ChartWarmUp.start(); // AWT and fonts load beside the simulation
        }
        RunResult result = Run.execute(config, err);
        Reports.printTable(result, out);
        try {
            Path file = Reports.write(result);
            Reports.row(out, "result file", file);
            JsonNode summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
            try {
                if (writesReportPage()) {
                    Reports.row(out, "report page", glomers.harness.report.RunPage.write(file.getParent(), summary,
                            result.history().ops(), result.messages()));
                }
            } catch (IOException | RuntimeException | LinkageError | InternalError e) {
                // Drawing needs AWT's fonts; a machine without them still gets its verdict and result.json.
                err.println("harness: could not write report.html (" + e + "); the run's result stands");
            }
        } catch (IOException e) {
            err.println("harness: could not write the result file: " + e);
        }
        if (result.exitCode() != 0 && config.mode() == RunConfig.Mode.SIM) {
            err.println("[harness] replay seed " + config.seed() + " with: " + Reports.replayCommand(config));
        }
        return result.exitCode();
    }
}
