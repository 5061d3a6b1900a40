package glomers.bench;

import com.sun.management.ThreadMXBean;
import glomers.core.StdioRuntime;
import glomers.core.StreamLog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Bytes the echo node allocates per request: {@code --requests} echoes through the real stdio
 * runtime and codec, in this JVM (one thread reads, parses, handles and writes, as in a node),
 * counted by the thread's allocation counter. Each round is a fresh node; the first rounds also
 * pay for JIT warm-up, so the figure is the median of the rounds after {@code --warmup}. Young
 * GCs in a node come as often as this figure times the request rate fills its eden.
 *
 * <pre>
 * java -cp tests/target/harness.jar glomers.bench.EchoAllocationBench [--requests 200000] [--rounds 9] [--warmup 4]
 * </pre>
 */
public final class EchoAllocationBench {

    private static final String USAGE = "EchoAllocationBench [--requests 200000] [--rounds 9] [--warmup 4]";

    private EchoAllocationBench() {
    }

    public static void main(String[] args) {
        BenchArgs options = BenchArgs.parse(args, USAGE, "requests", "rounds", "warmup");
        int requests = options.intValue("requests", 200_000);
        int rounds = options.intValue("rounds", 9);
        int warmup = options.intValue("warmup", 4);
        if (rounds <= warmup) {
            throw new IllegalArgumentException("--rounds must exceed --warmup; " + USAGE);
        }
        byte[] input = input(requests);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] bytesPerRequest = new long[rounds - warmup];
        for (int round = 0; round < rounds; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            StdioRuntime.run(glomers.echo.Main.newLogic(), List.of(), new ByteArrayInputStream(input),
                    OutputStream.nullOutputStream(), new StreamLog(line -> { }, glomers.core.Log.Level.INFO, glomers.core.StreamLog.Format.JSON));
            long perRequest = (threads.getCurrentThreadAllocatedBytes() - before) / requests;
            System.out.printf("round %d%s: %,d bytes per echo%n", round + 1, round < warmup ? " (warm-up)" : "", perRequest);
            if (round >= warmup) {
                bytesPerRequest[round - warmup] = perRequest;
            }
        }
        Stats.header("echo allocation, " + requests + " requests");
        Stats.row("bytes allocated per echo", String.format("%,d", Stats.median(bytesPerRequest)),
                String.format("%,d", Stats.max(bytesPerRequest)), "", true);
    }

    /** init, then echoes shaped like Maelstrom's: envelope id, "Please echo N". */
    private static byte[] input(int requests) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(requests * 100);
        out.writeBytes("{\"src\":\"c0\",\"dest\":\"n0\",\"body\":{\"type\":\"init\",\"msg_id\":1,\"node_id\":\"n0\",\"node_ids\":[\"n0\"]}}\n"
                .getBytes(StandardCharsets.UTF_8));
        for (int id = 1; id <= requests; id++) {
            out.writeBytes(("{\"id\":" + id + ",\"src\":\"c1\",\"dest\":\"n0\",\"body\":{\"type\":\"echo\",\"msg_id\":" + id
                    + ",\"echo\":\"Please echo " + id + "\"}}\n").getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
