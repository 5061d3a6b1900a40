package glomers.harness.cli;

import glomers.harness.run.Reports;
import glomers.harness.run.Run;
import glomers.harness.run.RunConfig;
import glomers.harness.run.RunResult;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code java -jar tests/target/harness.jar test -w echo --bin maelstrom-bin/echo ...}: one run,
 * in simulation (default) or against real processes, with Maelstrom's options and exit codes
 * (0 valid, 1 invalid, 2 unknown, 254 bad options, 255 aborted). {@code report DIR} tabulates
 * the result files under DIR.
 */
public final class HarnessMain {

    private HarnessMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 2 && args[0].equals("report")) {
            return ResultsReport.print(Path.of(args[1]), System.out);
        }
        RunConfig config;
        try {
            config = Options.parse(args);
        } catch (Options.BadOptions e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println("harness: " + e.getMessage());
            }
            System.err.print(Options.usage());
            return 254;
        }
        if (config.mode() == RunConfig.Mode.PROCESS && (config.faults().any() || config.crash())) {
            System.err.println("[harness] WARNING: --dup, --loss, --reorder and --crash apply to sim mode only; ignored");
        }
        System.err.println("[harness] " + config.workload() + " in " + config.mode().name().toLowerCase(java.util.Locale.ROOT)
                + " mode, seed " + config.seed());
        RunResult result = Run.execute(config, System.err);
        Reports.printTable(result, System.out);
        try {
            Path file = Reports.write(result);
            System.out.printf("%-18s %s%n", "result file", file);
        } catch (IOException e) {
            System.err.println("harness: could not write the result file: " + e);
        }
        if (result.exitCode() != 0 && config.mode() == RunConfig.Mode.SIM) {
            System.err.println("[harness] replay seed " + config.seed() + " with: " + Reports.replayCommand(config));
        }
        return result.exitCode();
    }
}
