package glomers.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import glomers.harness.check.CheckResult;
import glomers.harness.history.History;
import glomers.harness.history.HistoryFile;
import glomers.harness.run.Checks;
import glomers.harness.workload.WorkloadOptions;
import glomers.harness.workload.Workloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The lin-kv check's analysis time on recorded Maelstrom runs against Knossos's: for each run
 * folder (history.jsonl.gz, verdict.json) the checks {@code check -w lin-kv} runs, on the
 * history already in memory, as verdict.json's {@code checker_seconds} counts Maelstrom's. The
 * very first check of each history is printed apart (a cold JIT, as Knossos's first run in
 * Maelstrom's JVM); then {@code --warmup} passes over all histories, then the median of
 * {@code --runs} checks of each, wall time (the ratio's) and the process's CPU time.
 *
 * <pre>
 * java -cp tests/target/harness.jar glomers.bench.LinKvCheckBench [--dir tests/src/test/resources/maelstrom-histories/lin-kv] [--runs 15] [--warmup 20]
 * </pre>
 */
public final class LinKvCheckBench {

    private static final String USAGE = "LinKvCheckBench [--dir DIR] [--runs 15] [--warmup 20]";
    private static final double BAR = 0.1;
    /** CPU time of the whole process (GC and JIT included): steadier than wall time on a busy machine. */
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private LinKvCheckBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs options = BenchArgs.parse(args, USAGE, "dir", "runs", "warmup");
        Path dir = Path.of(options.string("dir", "tests/src/test/resources/maelstrom-histories/lin-kv"));
        int runs = options.intValue("runs", 15);
        int warmup = options.intValue("warmup", 20);
        List<Path> folders;
        try (Stream<Path> list = Files.list(dir)) {
            folders = list.filter(p -> Files.exists(p.resolve("history.jsonl.gz"))).sorted().toList();
        }
        WorkloadOptions workload = new WorkloadOptions(List.of(), 1, "grid", Optional.empty(), 4, 16, "", 0);
        ObjectMapper json = new ObjectMapper();
        System.out.printf("LinKvCheckBench: %s, %d runs after a first, %d cores%n", dir, runs,
                Runtime.getRuntime().availableProcessors());
        System.out.printf("%n%-40s %7s %5s %8s %11s %11s %11s %10s %9s %s%n", "history", "ops", "keys", "verdict",
                "first ms", "median ms", "cpu ms", "Knossos s", "ratio", "bar 1/10");
        List<History> histories = new java.util.ArrayList<>();
        long[] first = new long[folders.size()];
        for (int i = 0; i < folders.size(); i++) {
            histories.add(HistoryFile.read(folders.get(i).resolve("history.jsonl.gz")));
            first[i] = timeCheck(histories.get(i), workload);
        }
        for (int pass = 0; pass < warmup; pass++) {
            histories.forEach(h -> timeCheck(h, workload));
        }
        for (int f = 0; f < folders.size(); f++) {
            History history = histories.get(f);
            JsonNode verdict = json.readTree(folders.get(f).resolve("verdict.json").toFile());
            long[] times = new long[runs];
            long[] cpu = new long[runs];
            String valid = "";
            for (int i = 0; i < runs; i++) {
                long cpuStart = OS.getProcessCpuTime();
                long start = System.nanoTime();
                List<CheckResult> results = Checks.ofHistory(Workloads.checkers("lin-kv", workload), history,
                        Optional.empty());
                times[i] = System.nanoTime() - start;
                cpu[i] = OS.getProcessCpuTime() - cpuStart;
                valid = Checks.verdict(results).name().toLowerCase(java.util.Locale.ROOT);
            }
            double knossos = verdict.get("checker_seconds").doubleValue();
            double ratio = Stats.median(times) / 1e9 / knossos;
            System.out.printf("%-40s %7d %5d %8s %11.1f %11.1f %11.1f %10.3f %9s %s%n", folders.get(f).getFileName(),
                    history.size(), verdict.get("key_count").intValue(), valid, first[f] / 1e6,
                    Stats.median(times) / 1e6, Stats.median(cpu) / 1e6, knossos, String.format("1/%.0f", 1 / ratio), ratio <= BAR ? "PASS" : "FAIL");
        }
        System.out.printf("load average now: %.2f%n", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
    }

    private static long timeCheck(History history, WorkloadOptions workload) {
        long start = System.nanoTime();
        Checks.ofHistory(Workloads.checkers("lin-kv", workload), history, Optional.empty());
        return System.nanoTime() - start;
    }
}
