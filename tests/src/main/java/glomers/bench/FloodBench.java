package glomers.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Floods each binary through its launcher (see {@link Flood}) and prints a table: lines per
 * second, requests answered, indefinite answers, messages to the outsider, peak RSS, and whether
 * the node lived through it and exited on stdin's end.
 *
 * <pre>
 * java -cp tests/target/classes glomers.bench.FloodBench [--lines 1000000] [--binary NAME]
 * </pre>
 */
public final class FloodBench {

    static final List<String> BINARIES = List.of("echo", "unique-ids", "broadcast", "g-counter", "pn-counter", "g-set",
            "kafka", "txn");
    private static final String USAGE = "FloodBench [--lines 1000000] [--binary NAME]";

    private FloodBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs options = BenchArgs.parse(args, USAGE, "lines", "binary");
        int lines = options.intValue("lines", 1_000_000);
        String only = options.string("binary", "");
        Path workDir = Files.createTempDirectory("glomers-flood");
        List<Flood.Result> results = new ArrayList<>();
        for (String binary : BINARIES) {
            if (!only.isEmpty() && !only.equals(binary)) {
                continue;
            }
            System.out.printf("flooding %s with %,d lines...%n", binary, lines);
            Flood.Result r = Flood.run(options.launcher(binary), workDir, binary, lines, List.of());
            results.add(r);
            if (!r.passed()) {
                System.out.println("  FAILED; its stderr ends with:\n" + r.stderrTail());
            }
        }
        System.out.printf("%n%-11s %10s %10s %10s %10s %10s %9s %9s %6s %6s  %s%n", "binary", "lines", "lines/s",
                "requests", "answered", "indefinite", "outsider", "peak RSS", "alive", "exit", "verdict");
        for (Flood.Result r : results) {
            System.out.printf("%-11s %,10d %,10.0f %,10d %,10d %10d %9d %7d MB %6s %6s  %s%n", r.binary(), r.lines(),
                    r.lines() / r.seconds(), r.requests(), r.answered(), r.indefinite(), r.toOutsider(),
                    r.peakRssKb() / 1024, r.aliveAtEnd(), r.exitedOnEof(), r.passed() ? "PASS" : "FAIL");
        }
        System.exit(results.stream().allMatch(Flood.Result::passed) ? 0 : 1);
    }
}
