package glomers.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Time from starting launchers to their {@code init_ok}: N at once (Maelstrom's broadcast
 * challenges start 25 on 2 cores, and each must answer within 10 s), and one alone.
 *
 * <pre>
 * java -cp tests/target/classes glomers.bench.StartupBench [--nodes 25] [--runs 5] [--binary echo] [--bin PATH]
 * </pre>
 */
public final class StartupBench {

    private static final String USAGE = "StartupBench [--nodes 25] [--runs 5] [--binary echo] [--bin PATH]";
    private static final long BAR_MANY_NS = 2_500_000_000L;
    private static final long BAR_ONE_NS = 150_000_000L;

    private StartupBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs options = BenchArgs.parse(args, USAGE, "nodes", "runs", "binary", "bin");
        int nodes = options.intValue("nodes", 25);
        int runs = options.intValue("runs", 5);
        Path launcher = options.launcher(options.string("binary", "echo"));
        Path workDir = Files.createTempDirectory("glomers-startup");
        System.out.println("StartupBench: " + launcher + ", " + runs + " runs, "
                + Runtime.getRuntime().availableProcessors() + " cores, GLOMERS_JAVA_OPTS="
                + System.getenv().getOrDefault("GLOMERS_JAVA_OPTS", ""));

        startAll(launcher, workDir, 1, 0, new long[1]); // warm the page cache; not counted
        long[] one = new long[runs];
        long[] many = new long[runs];
        long[] cpu = new long[runs * nodes];
        for (int run = 0; run < runs; run++) {
            one[run] = startAll(launcher, workDir, 1, run, new long[1]);
            long[] runCpu = new long[nodes];
            many[run] = startAll(launcher, workDir, nodes, run, runCpu);
            System.arraycopy(runCpu, 0, cpu, run * nodes, nodes);
            System.out.printf("run %d: 1 node %s, %d nodes %s (CPU per node, median %s)%n", run + 1, Stats.ms(one[run]),
                    nodes, Stats.ms(many[run]), Stats.ms(Stats.median(runCpu)));
        }
        Stats.header("time to init_ok");
        Stats.row("1 node", Stats.ms(Stats.median(one)), Stats.ms(Stats.max(one)), "< 150 ms",
                Stats.median(one) < BAR_ONE_NS);
        Stats.row(nodes + " nodes at once, all answered", Stats.ms(Stats.median(many)), Stats.ms(Stats.max(many)),
                "< 2500 ms", Stats.median(many) < BAR_MANY_NS);
        // Independent of what else the machine runs: N x this / cores is the floor for N at once.
        Stats.row("CPU per node to init_ok", Stats.ms(Stats.median(cpu)), Stats.ms(Stats.max(cpu)), "", true);
        System.out.printf("load average now: %s%n", loadAverage());
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * Starts {@code count} launchers, sends each its init at once, returns when the last answered;
     * fills {@code cpuNanos} with each node's CPU time at that moment.
     */
    static long startAll(Path launcher, Path workDir, int count, int run, long[] cpuNanos)
            throws IOException, InterruptedException {
        List<NodeProcess> started = new ArrayList<>(count);
        AtomicLongArray answeredAt = new AtomicLongArray(count);
        AtomicReference<String> failure = new AtomicReference<>();
        CountDownLatch answered = new CountDownLatch(count);
        long startNs = System.nanoTime();
        try {
            for (int i = 0; i < count; i++) {
                String nodeId = "n" + i;
                NodeProcess node = NodeProcess.start(launcher, workDir, "run" + run + "-" + nodeId, List.of());
                started.add(node);
                node.send(NodeProcess.init(nodeId, i + 1));
                int index = i;
                Thread reader = new Thread(() -> {
                    try {
                        String line = node.readLine();
                        if (line == null || !line.contains("\"init_ok\"")) {
                            failure.compareAndSet(null, nodeId + " answered " + line + "; stderr: " + node.stderr());
                        }
                    } catch (IOException e) {
                        failure.compareAndSet(null, nodeId + ": " + e);
                    }
                    answeredAt.set(index, System.nanoTime());
                    answered.countDown();
                }, "read-" + nodeId);
                reader.setDaemon(true);
                reader.start();
            }
            if (!answered.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not all " + count + " nodes answered init within 30 s");
            }
            if (failure.get() != null) {
                throw new IllegalStateException(failure.get());
            }
            long last = 0;
            for (int i = 0; i < count; i++) {
                last = Math.max(last, answeredAt.get(i) - startNs);
                cpuNanos[i] = started.get(i).cpuNanos();
            }
            return last;
        } finally {
            for (NodeProcess node : started) {
                node.close();
            }
        }
    }
}
