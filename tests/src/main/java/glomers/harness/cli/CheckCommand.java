package glomers.harness.cli;

import glomers.harness.check.CheckResult;
import glomers.harness.check.Validity;
import glomers.harness.history.History;
import glomers.harness.history.HistoryFile;
import glomers.harness.run.Checks;
import glomers.harness.run.Reports;
import glomers.harness.run.RunResult;
import glomers.harness.workload.WorkloadOptions;
import glomers.harness.workload.Workloads;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code harness.jar check -w WORKLOAD [--consistency-models M] [--availability A] [--json]
 * HISTORY}: judges a recorded history (a run's {@code history.jsonl}, or one of Maelstrom's own
 * as JSON lines, gzipped or not; or a directory holding one) with the checkers Maelstrom would
 * run that need nothing else, and exits as {@code test} does: 0 valid, 1 invalid, 2 unknown, 254
 * bad arguments or a file that is missing, unreadable or not a history.
 */
final class CheckCommand {

    static final String DEFAULT_CONSISTENCY_MODELS = "strict-serializable";

    /** What one {@code check} was asked to do. */
    record Request(String workload, Optional<String> availability, String consistencyModels, boolean json,
                   Path history) {
    }

    private CheckCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        Request request;
        try {
            request = parse(args);
        } catch (Options.BadOptions e) {
            if (!e.getMessage().isEmpty()) {
                err.println("harness: " + e.getMessage());
            }
            err.print(Options.usage());
            return 254;
        }
        History history;
        Path file = request.history();
        try {
            history = HistoryFile.read(file);
        } catch (NoSuchFileException e) {
            err.println("harness: no such history file: " + request.history());
            return 254;
        } catch (HistoryFile.Malformed e) {
            err.println("harness: not a history: " + e.getMessage());
            return 254;
        } catch (IOException e) {
            err.println("harness: cannot read " + request.history() + ": " + e);
            return 254;
        }
        List<CheckResult> results = check(request.workload(), request.consistencyModels(), request.availability(),
                history);
        Validity verdict = Checks.verdict(results);
        int exit = RunResult.exitCode(verdict);
        if (request.json()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("history", file.toString());
            s.put("workload", request.workload());
            s.put("ops", history.size());
            s.put("verdict", RunResult.verdictText(verdict));
            s.put("exit-code", exit);
            s.put("checks", Reports.checks(results));
            s.put("not-recomputed", Checks.NEEDS_MORE_THAN_HISTORY);
            out.println(Reports.json(s));
            return exit;
        }
        out.println();
        Reports.row(out, "history", file + " (" + history.size() + " ops)");
        Reports.row(out, "workload", request.workload());
        Reports.row(out, "verdict", RunResult.verdictText(verdict) + " (exit " + exit + ")");
        Reports.printChecks(results, out);
        Checks.NEEDS_MORE_THAN_HISTORY.forEach((name, why) -> Reports.row(out, "check " + name, "not recomputed: " + why));
        return exit;
    }

    /** The checks {@code check} runs on a history, in Maelstrom's order. */
    static List<CheckResult> check(String workload, String consistencyModels, Optional<String> availability,
                                   History history) {
        // Only the checkers are used; the run-shaping options get harmless defaults.
        WorkloadOptions options = new WorkloadOptions(List.of(), 1, "grid", Optional.empty(), 4, 16,
                consistencyModels, 0);
        return Checks.ofHistory(Workloads.checkers(workload, options), history, availability);
    }

    static Request parse(List<String> args) throws Options.BadOptions {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> files = new ArrayList<>();
        boolean json = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("-")) {
                files.add(a);
                continue;
            }
            String name = a.equals("-w") ? "--workload" : a;
            String inline = null;
            int eq = name.indexOf('=');
            if (eq > 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            switch (name) {
                case "--json" -> json = true;
                case "--help" -> throw new Options.BadOptions("");
                case "--workload", "--availability", "--consistency-models" -> {
                    if (inline == null) {
                        if (i + 1 >= args.size()) {
                            throw new Options.BadOptions("option " + name + " needs a value");
                        }
                        inline = args.get(++i);
                    }
                    values.put(name, inline);
                }
                default -> throw new Options.BadOptions("unknown option for check: " + a);
            }
        }
        String workload = values.get("--workload");
        if (workload == null) {
            throw new Options.BadOptions("check needs -w WORKLOAD");
        }
        if (!Workloads.checkableNames().contains(workload)) {
            throw new Options.BadOptions("unknown workload " + workload + "; valid: "
                    + String.join(", ", Workloads.checkableNames()));
        }
        if (files.size() != 1) {
            throw new Options.BadOptions("check needs exactly one history file, got " + files.size() + ": " + files);
        }
        return new Request(workload, Optional.ofNullable(values.get("--availability")),
                values.getOrDefault("--consistency-models", DEFAULT_CONSISTENCY_MODELS), json,
                historyIn(Path.of(files.get(0))));
    }

    /** A run folder stands for its history.jsonl.gz (Maelstrom's, copied) or history.jsonl (ours). */
    private static Path historyIn(Path given) {
        if (!Files.isDirectory(given)) {
            return given;
        }
        Path gz = given.resolve("history.jsonl.gz");
        return Files.exists(gz) ? gz : given.resolve("history.jsonl");
    }
}
