package glomers.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * One echo launcher over its stdio, as Maelstrom drives it.
 *
 * <ul>
 *   <li>throughput: one thread writes {@code --requests} echo requests as fast as the pipe takes
 *       them, another reads the replies; request/reply pairs per second from the first write to
 *       the last reply;</li>
 *   <li>latency: {@code --rate} requests per second for {@code --seconds}, each write flushed;
 *       latency from the write to its reply, p50/p99/max.</li>
 * </ul>
 *
 * Each run starts a fresh node, so JIT warm-up is part of what is measured, as under Maelstrom.
 * The bench's own JVM should run C1 only ({@code run-scripts/bench echo} does): with C2, its
 * writer and reader get recompiled a few seconds into a run, and those compiles coincided with
 * clusters of slow replies; in 5 interleaved runs the node's p99 was 610 µs (median) with a C1
 * client against 853 µs with a default one.
 *
 * <pre>
 * java -XX:TieredStopAtLevel=1 -cp tests/target/classes glomers.bench.EchoStdioBench [--runs 5] [--latency-runs 5] [--requests 200000] [--rate 1000] [--seconds 10] [--bin PATH]
 * </pre>
 */
public final class EchoStdioBench {

    private static final String USAGE =
            "EchoStdioBench [--runs 5] [--latency-runs 5] [--requests 200000] [--rate 1000] [--seconds 10] [--bin PATH]";
    private static final byte[] IN_REPLY_TO = "\"in_reply_to\":".getBytes(StandardCharsets.US_ASCII);

    private EchoStdioBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs options = BenchArgs.parse(args, USAGE, "runs", "latency-runs", "requests", "rate", "seconds", "bin");
        int runs = options.intValue("runs", 5);
        int latencyRuns = options.intValue("latency-runs", 5);
        int requests = options.intValue("requests", 200_000);
        int rate = options.intValue("rate", 1000);
        int seconds = options.intValue("seconds", 10);
        Path launcher = options.launcher("echo");
        Path workDir = Files.createTempDirectory("glomers-echo-bench");
        System.out.println("EchoStdioBench: " + launcher + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, GLOMERS_JAVA_OPTS=" + System.getenv().getOrDefault("GLOMERS_JAVA_OPTS", ""));

        long[] pairsPerSecond = new long[runs];
        for (int run = 0; run < runs; run++) {
            pairsPerSecond[run] = throughput(launcher, workDir, requests, run);
            System.out.printf("throughput run %d: %,d pairs/s%n", run + 1, pairsPerSecond[run]);
        }
        long[] p50 = new long[latencyRuns];
        long[] p99 = new long[latencyRuns];
        long[] max = new long[latencyRuns];
        long[] p99Warm = new long[latencyRuns];
        if (latencyRuns > 0) {
            // The bench's own latency loop runs for the first time here; its class loading and
            // compiles stalled the first requests of the first run by ~15 ms, so a 1 s run against
            // a throwaway node warms it first.
            latency(launcher, workDir, rate, 1, -1);
            System.out.println("latency warm-up of the bench itself: 1 s against a throwaway node, not counted");
        }
        for (int run = 0; run < latencyRuns; run++) {
            long[] byRequest = latency(launcher, workDir, rate, seconds, run);
            long[] sorted = byRequest.clone();
            Arrays.sort(sorted);
            // The same, leaving out the first second, while the JIT is still compiling the echo path.
            long[] warm = Arrays.copyOfRange(byRequest, Math.min(rate, byRequest.length), byRequest.length);
            Arrays.sort(warm);
            p50[run] = Stats.quantile(sorted, 0.50);
            p99[run] = Stats.quantile(sorted, 0.99);
            max[run] = sorted[sorted.length - 1];
            p99Warm[run] = Stats.quantile(warm, 0.99);
            System.out.printf("latency run %d: %d requests, p50 %s, p99 %s, max %s; after the first second p99 %s;"
                    + " load average %s%n", run + 1, sorted.length, Stats.us(p50[run]), Stats.us(p99[run]),
                    Stats.us(max[run]), Stats.us(p99Warm[run]), loadAverage());
        }
        Stats.header("echo over stdio");
        Stats.row("pipelined pairs/s (" + requests + ")", String.format("%,d", Stats.median(pairsPerSecond)),
                String.format("%,d", Stats.max(pairsPerSecond)), ">= 100,000/s", Stats.median(pairsPerSecond) >= 100_000);
        Stats.row("latency p50 at " + rate + "/s", Stats.us(Stats.median(p50)), Stats.us(Stats.max(p50)), "", true);
        Stats.row("latency p99 at " + rate + "/s", Stats.us(Stats.median(p99)), Stats.us(Stats.max(p99)), "< 1000 us",
                Stats.median(p99) < 1_000_000);
        Stats.row("latency max at " + rate + "/s", Stats.us(Stats.median(max)), Stats.us(Stats.max(max)), "", true);
        Stats.row("p99 after the first second", Stats.us(Stats.median(p99Warm)), Stats.us(Stats.max(p99Warm)), "", true);
        // The tail is mostly other processes' turn on the cores: with a load average above the
        // core count, p99 says more about the machine than about the node.
        System.out.printf("load average now: %s%n", loadAverage());
    }

    /** The 1, 5 and 15 minute load averages, as /proc/loadavg has them. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown";
        }
    }

    private static byte[] request(int msgId) {
        return ("{\"id\":" + msgId + ",\"src\":\"c1\",\"dest\":\"n0\",\"body\":{\"type\":\"echo\",\"msg_id\":" + msgId
                + ",\"echo\":\"Please echo " + msgId + "\"}}\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static NodeProcess startInitialised(Path launcher, Path workDir, String name) throws IOException {
        NodeProcess node = NodeProcess.start(launcher, workDir, name, List.of());
        node.send(NodeProcess.init("n0", 1));
        String reply = node.readLine();
        if (reply == null || !reply.contains("\"init_ok\"")) {
            throw new IllegalStateException("no init_ok but " + reply + "; stderr: " + node.stderr());
        }
        return node;
    }

    static long throughput(Path launcher, Path workDir, int requests, int run) throws Exception {
        try (NodeProcess node = startInitialised(launcher, workDir, "throughput" + run)) {
            OutputStream out = node.stdin();
            Throwable[] writeFailure = new Throwable[1];
            Thread writer = new Thread(() -> {
                try {
                    for (int id = 1; id <= requests; id++) {
                        out.write(request(id));
                    }
                    out.flush();
                } catch (IOException e) {
                    writeFailure[0] = e;
                }
            }, "writer");
            long startNs = System.nanoTime();
            writer.start();
            long replies = countLines(node.stdout(), requests);
            long elapsedNs = System.nanoTime() - startNs;
            writer.join();
            if (writeFailure[0] != null || replies != requests) {
                throw new IllegalStateException(replies + " of " + requests + " replies, write failure " + writeFailure[0]
                        + "; stderr: " + node.stderr());
            }
            return requests * 1_000_000_000L / elapsedNs;
        }
    }

    /** Counts newline-terminated lines until {@code expected} were seen or the stream ends. */
    private static long countLines(InputStream in, long expected) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long lines = 0;
        while (lines < expected) {
            int read = in.read(buffer);
            if (read < 0) {
                break;
            }
            for (int i = 0; i < read; i++) {
                if (buffer[i] == '\n') {
                    lines++;
                }
            }
        }
        return lines;
    }

    /** Latencies in nanoseconds, indexed by request (msg_id - 1), at a fixed rate. */
    static long[] latency(Path launcher, Path workDir, int rate, int seconds, int run) throws Exception {
        int count = rate * seconds;
        long[] sentAt = new long[count + 1];
        long[] latencies = new long[count];
        try (NodeProcess node = startInitialised(launcher, workDir, "latency" + run)) {
            OutputStream out = node.stdin();
            long intervalNs = 1_000_000_000L / rate;
            Throwable[] writeFailure = new Throwable[1];
            Thread writer = new Thread(() -> {
                try {
                    long startNs = System.nanoTime();
                    for (int id = 1; id <= count; id++) {
                        long dueNs = startNs + (id - 1) * intervalNs;
                        long waitNs;
                        while ((waitNs = dueNs - System.nanoTime()) > 0) {
                            LockSupport.parkNanos(waitNs);
                        }
                        byte[] line = request(id);
                        sentAt[id] = System.nanoTime();
                        out.write(line);
                        out.flush();
                    }
                } catch (IOException e) {
                    writeFailure[0] = e;
                }
            }, "writer");
            writer.start();
            LineScanner scanner = new LineScanner(node.stdout());
            for (int received = 0; received < count; received++) {
                int id = scanner.nextInReplyTo();
                long nowNs = System.nanoTime();
                if (id < 1 || id > count) {
                    throw new IllegalStateException("reply to unknown request " + id + "; stderr: " + node.stderr());
                }
                latencies[id - 1] = nowNs - sentAt[id];
            }
            writer.join();
            if (writeFailure[0] != null) {
                throw new IllegalStateException("write failed", writeFailure[0]);
            }
        }
        return latencies;
    }

    /** Reads reply lines and extracts their {@code in_reply_to}, without a JSON library. */
    private static final class LineScanner {
        private final InputStream in;
        private final byte[] line = new byte[1 << 12];

        LineScanner(InputStream in) {
            this.in = in;
        }

        int nextInReplyTo() throws IOException {
            int length = 0;
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("node closed stdout");
                }
                if (length < line.length) {
                    line[length++] = (byte) b;
                }
            }
            int at = indexOf(line, length, IN_REPLY_TO);
            if (at < 0) {
                return -1;
            }
            int value = 0;
            for (int i = at + IN_REPLY_TO.length; i < length && line[i] >= '0' && line[i] <= '9'; i++) {
                value = value * 10 + (line[i] - '0');
            }
            return value;
        }

        private static int indexOf(byte[] haystack, int length, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
