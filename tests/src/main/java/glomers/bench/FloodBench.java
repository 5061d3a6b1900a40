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
            for (boolean peer : List.of(false, true)) {
                System.out.printf("flooding %s with %,d lines%s...%n", binary, lines,
                        peer ? ", bad messages from its peer among them" : "");
                Flood.Result r = Flood.run(options.launcher(binary), workDir, binary, lines, List.of(), peer);
                results.add(r);
                if (!r.passed()) {
                    System.out.println("  FAILED; its stderr ends with:\n" + r.stderrTail());
                }
            }
        }
        System.out.printf("%n%-16s %10s %10s %10s %10s %10s %9s %8s %9s %6s %6s  %s%n", "binary", "lines", "lines/s",
                "requests", "answered", "indefinite", "outsider", "escaped", "peak RSS", "alive", "exit", "verdict");
        for (int i = 0; i < results.size(); i++) {
            Flood.Result r = results.get(i);
            System.out.printf("%-16s %,10d %,10.0f %,10d %,10d %10d %9d %8d %6d MB %6s %6s  %s%n",
                    r.binary() + (r.peerGarbage() ? " +peer" : ""), r.lines(), r.lines() / r.seconds(), r.requests(),
                    r.answered(), r.indefinite(), r.toOutsider(), r.escapedExceptions(), r.peakRssKb() / 1024,
                    r.aliveAtEnd(), r.exitedOnEof(), r.passed() ? "PASS" : "FAIL");
        }
        System.exit(results.stream().allMatch(Flood.Result::passed) ? 0 : 1);
    }
}
