package glomers.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A broadcast node holding a million values answers {@code read}: the bar is a median under 50 ms
 * with the heap capped at 64 MB ({@code -Xmx64m} through GLOMERS_JAVA_OPTS, so a node that needed
 * more would die of OutOfMemoryError, which fails the run).
 *
 * <p>Each run starts {@code maelstrom-bin/broadcast} as n1 of n0, n1, n2 and loads the values the
 * way its hub would, as gossip from n0 in messages of {@code --batch} values; then reads until
 * one reply holds them all (the first, cold read), asks the JVM for its heap after a full GC
 * (jcmd), and times {@code --reads} reads, each from writing the request to having the whole
 * reply line. Two value sets: dense {@code 0..N-1} (one run in the bitmap, what Maelstrom sends)
 * and spread {@code 0, 7, 14, ...} (no runs). Reported: medians over runs of each run's median
 * and p90, and the largest read of all.
 *
 * <pre>
 * java -cp tests/target/harness.jar glomers.bench.BroadcastReadBench [--runs 3] [--reads 20] [--values 1000000]
 *     [--batch 10000] [--stride 7] [--heap 64m] [--bin PATH]
 * </pre>
 */
public final class BroadcastReadBench {

    private static final String USAGE = "BroadcastReadBench [--runs 3] [--reads 20] [--values 1000000] [--batch 10000]"
            + " [--stride 7] [--heap 64m] [--bin PATH]";
    private static final long BAR_NS = 50_000_000L;

    private BroadcastReadBench() {
    }

    /** One scenario's figures over all runs. */
    private static final class Figures {
        final List<Long> medians = new ArrayList<>();
        final List<Long> p90s = new ArrayList<>();
        final List<Long> maxes = new ArrayList<>();
        final List<Long> cold = new ArrayList<>();
        final List<Long> loadNanos = new ArrayList<>();
        final List<Long> usedKb = new ArrayList<>();
        final List<Long> peakKb = new ArrayList<>();
        final List<Long> rssKb = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        long maxHeapBytes = -1;
    }

    public static void main(String[] args) throws Exception {
        BenchArgs options = BenchArgs.parse(args, USAGE, "runs", "reads", "values", "batch", "stride", "heap", "bin");
        int runs = options.intValue("runs", 3);
        int reads = options.intValue("reads", 20);
        int values = options.intValue("values", 1_000_000);
        int batch = options.intValue("batch", 10_000);
        int stride = options.intValue("stride", 7);
        String heap = options.string("heap", "64m");
        Path launcher = options.launcher("broadcast");
        Path workDir = Files.createTempDirectory("glomers-read-bench");
        String javaOpts = "-Xmx" + heap + " -Xlog:gc:stderr";
        System.out.println("BroadcastReadBench: " + launcher + ", " + runs + " runs of " + reads + " reads, "
                + Runtime.getRuntime().availableProcessors() + " cores, load average " + StartupBench.loadAverage()
                + ", GLOMERS_JAVA_OPTS=" + (System.getenv().getOrDefault("GLOMERS_JAVA_OPTS", "") + " " + javaOpts).trim());

        Map<String, Long> scenarios = new LinkedHashMap<>();
        scenarios.put(String.format("dense 0..%,d", (long) values - 1), 1L);
        scenarios.put(String.format("spread every %dth to %,d", stride, (long) values * stride), (long) stride);
        Map<String, Figures> figures = new LinkedHashMap<>();
        scenarios.keySet().forEach(name -> figures.put(name, new Figures()));
        for (int run = 1; run <= runs; run++) {
            for (Map.Entry<String, Long> scenario : scenarios.entrySet()) {
                Figures into = figures.get(scenario.getKey());
                String name = "run" + run + "-stride" + scenario.getValue();
                String outcome;
                try {
                    measure(launcher, workDir, name, javaOpts, values, scenario.getValue(), batch, reads, into);
                    outcome = lastRun(into, reads);
                } catch (Exception e) {
                    into.failures.add(e.getMessage());
                    outcome = "FAILED: " + e.getMessage();
                }
                System.out.printf("%s, run %d: %s%n", scenario.getKey(), run, outcome);
            }
        }

        Stats.headerWithP90(String.format("read of %,d values, -Xmx%s", values, heap));
        boolean failed = false;
        for (Map.Entry<String, Figures> entry : figures.entrySet()) {
            Figures f = entry.getValue();
            boolean ok = f.failures.isEmpty() && !f.medians.isEmpty();
            failed |= !ok;
            long median = median(f.medians);
            Stats.row("read, " + entry.getKey(), ok ? Stats.ms(median) : "-", ok ? Stats.ms(median(f.p90s)) : "-",
                    ok ? Stats.ms(max(f.maxes)) : "-", "< 50 ms", ok && median < BAR_NS);
            Stats.row("  first read after the load", ok ? Stats.ms(median(f.cold)) : "-", "",
                    ok ? Stats.ms(max(f.cold)) : "-", "", ok);
        }
        Stats.header(String.format("node heap, -Xmx%s", heap));
        for (Map.Entry<String, Figures> entry : figures.entrySet()) {
            Figures f = entry.getValue();
            boolean ok = f.failures.isEmpty() && !f.usedKb.isEmpty();
            boolean capped = f.maxHeapBytes > 0;
            Stats.row("used after full GC, " + shortName(entry.getKey()), ok ? mb(median(f.usedKb)) : "-",
                    ok ? mb(max(f.usedKb)) : "-", "< 64 MB, no OOM", ok && max(f.usedKb) < 64 * 1024 && capped);
            Stats.row("  peak before a GC", ok ? mb(median(f.peakKb)) : "-", ok ? mb(max(f.peakKb)) : "-", "", ok);
            Stats.row("  process RSS", ok ? mb(median(f.rssKb)) : "-", ok ? mb(max(f.rssKb)) : "-", "", ok);
        }
        for (Map.Entry<String, Figures> entry : figures.entrySet()) {
            Figures f = entry.getValue();
            if (f.failures.isEmpty()) {
                System.out.printf("%s: the JVM's MaxHeapSize was %,d bytes; no OutOfMemoryError; every read complete%n",
                        entry.getKey(), f.maxHeapBytes);
            } else {
                f.failures.forEach(failure -> System.out.printf("%s: FAILED: %s%n", entry.getKey(), failure));
            }
        }
        System.out.printf("load average now: %s%n", StartupBench.loadAverage());
        if (failed) {
            System.exit(1);
        }
    }

    private static void measure(Path launcher, Path workDir, String name, String javaOpts, int values, long stride,
                                int batch, int reads, Figures into) throws Exception {
        try (BroadcastReadSession session = BroadcastReadSession.start(launcher, workDir, name, javaOpts, values, stride)) {
            long loadStart = System.nanoTime();
            session.load(batch);
            BroadcastReadSession.Reply first = session.awaitAll(120);
            long loadNanos = System.nanoTime() - loadStart;
            if (!first.complete(values)) {
                throw new IllegalStateException(incomplete(first, values) + (session.outOfMemory() ? " (OutOfMemoryError)" : ""));
            }
            BroadcastReadSession.Heap heap = session.heap();
            long[] nanos = new long[reads];
            for (int i = 0; i < reads; i++) {
                BroadcastReadSession.Reply reply = session.read();
                if (!reply.complete(values)) {
                    throw new IllegalStateException("read " + (i + 1) + ": " + incomplete(reply, values));
                }
                nanos[i] = reply.nanos();
            }
            if (session.outOfMemory()) {
                throw new IllegalStateException("OutOfMemoryError on the node's stderr" + session.diagnosis());
            }
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            into.medians.add(Stats.quantile(sorted, 0.5));
            into.p90s.add(Stats.quantile(sorted, 0.9));
            into.maxes.add(sorted[sorted.length - 1]);
            into.cold.add(first.nanos());
            into.loadNanos.add(loadNanos);
            into.usedKb.add(heap.usedAfterFullGcKb());
            into.peakKb.add(heap.peakBeforeGcKb());
            into.rssKb.add(heap.rssKb());
            into.maxHeapBytes = heap.maxHeapBytes();
        }
    }

    private static String incomplete(BroadcastReadSession.Reply reply, int values) {
        return reply.problem() != null ? reply.problem()
                : String.format("read returned %,d values, %,d of them distinct and expected; %,d loaded",
                reply.elements(), reply.distinctExpected(), values);
    }

    private static String lastRun(Figures f, int reads) {
        int n = f.medians.size();
        return String.format("loaded and readable in %.2f s, first read %s; %d reads median %s, p90 %s, max %s;"
                        + " heap after full GC %s, peak before a GC %s, RSS %s",
                f.loadNanos.get(n - 1) / 1e9, Stats.ms(f.cold.get(n - 1)), reads, Stats.ms(f.medians.get(n - 1)),
                Stats.ms(f.p90s.get(n - 1)), Stats.ms(f.maxes.get(n - 1)), mb(f.usedKb.get(n - 1)),
                mb(f.peakKb.get(n - 1)), mb(f.rssKb.get(n - 1)));
    }

    private static String shortName(String scenario) {
        return scenario.substring(0, scenario.indexOf(' '));
    }

    private static long median(List<Long> values) {
        return Stats.median(values.stream().mapToLong(Long::longValue).toArray());
    }

    private static long max(List<Long> values) {
        return Stats.max(values.stream().mapToLong(Long::longValue).toArray());
    }

    private static String mb(long kb) {
        return kb < 0 ? "?" : String.format("%.1f MB", kb / 1024.0);
    }
}
