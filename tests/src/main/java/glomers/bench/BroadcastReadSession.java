package glomers.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One broadcast launcher ({@code maelstrom-bin/broadcast}) as node n1 of n0, n1, n2, with a capped
 * heap, loaded with values the way its hub n0 would send them (gossip), and read by client c1.
 * Shared by {@link BroadcastReadBench} and its integration test.
 *
 * <p>Values are {@code 0, stride, 2*stride, ...}, {@code count} of them. Every read reply is parsed
 * with Jackson's streaming parser into a count and a bit per value, never a tree, and checked:
 * exactly the values sent, each once.
 */
final class BroadcastReadSession implements AutoCloseable {

    static final String CLIENT = "c1";
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build();
    private static final Pattern GC_LINE = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");
    private static final Pattern HEAP_INFO = Pattern.compile("total (\\d+)K, used (\\d+)K");
    private static final Pattern MAX_HEAP = Pattern.compile("-XX:MaxHeapSize=(\\d+)");

    private final NodeProcess node;
    private final Lines lines;
    private final int count;
    private final long stride;
    private final Watchdog watchdog;
    private int nextMsgId = 1;

    /** What a read returned, checked against the values loaded. */
    record Reply(long nanos, long elements, long distinctExpected, String problem) {
        boolean complete(long count) {
            return problem == null && elements == count && distinctExpected == count;
        }
    }

    /** The node's heap as the JVM reports it, in KiB; -1 where unknown. */
    record Heap(long usedAfterFullGcKb, long committedKb, long maxHeapBytes, long peakBeforeGcKb,
                long maxCapacityKb, int collections, long rssKb, boolean outOfMemory) {
    }

    private BroadcastReadSession(NodeProcess node, int count, long stride) {
        this.node = node;
        this.lines = new Lines(node.stdout());
        this.count = count;
        this.stride = stride;
        this.watchdog = new Watchdog(node);
    }

    /**
     * Starts the launcher with {@code javaOpts} as GLOMERS_JAVA_OPTS (after any set in this
     * environment) and initialises it as n1.
     */
    static BroadcastReadSession start(Path launcher, Path workDir, String name, String javaOpts, int count,
                                      long stride) throws IOException {
        String inherited = System.getenv().getOrDefault("GLOMERS_JAVA_OPTS", "");
        String opts = (inherited + " " + javaOpts).trim();
        NodeProcess node = NodeProcess.start(launcher, workDir, name, List.of(), Map.of("GLOMERS_JAVA_OPTS", opts));
        BroadcastReadSession session = new BroadcastReadSession(node, count, stride);
        try {
            session.watchdog.arm(30);
            node.send("{\"src\":\"c0\",\"dest\":\"n1\",\"body\":{\"type\":\"init\",\"msg_id\":1,\"node_id\":\"n1\","
                    + "\"node_ids\":[\"n0\",\"n1\",\"n2\"]}}");
            String reply = session.nextClientLine("c0");
            if (reply == null || !reply.contains("\"init_ok\"")) {
                throw new IllegalStateException("no init_ok but " + reply + session.diagnosis());
            }
            return session;
        } catch (IOException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** Sends all values from n0 in gossip messages of {@code batch} values each, as the hub would. */
    void load(int batch) throws IOException {
        watchdog.arm(120);
        StringBuilder line = new StringBuilder(batch * 9 + 100);
        int seq = 0;
        for (int from = 0; from < count; from += batch) {
            line.setLength(0);
            line.append("{\"src\":\"n0\",\"dest\":\"n1\",\"body\":{\"type\":\"gossip\",\"epoch\":7,\"seq\":")
                    .append(++seq).append(",\"v\":[");
            int to = Math.min(count, from + batch);
            for (int i = from; i < to; i++) {
                if (i > from) {
                    line.append(',');
                }
                line.append(i * stride);
            }
            line.append("]}}\n");
            write(line.toString().getBytes(StandardCharsets.US_ASCII));
        }
        write(new byte[0]);
    }

    /** Writes and flushes; a node that died (of OutOfMemoryError, say) is reported as such. */
    private void write(byte[] bytes) throws IOException {
        try {
            node.stdin().write(bytes);
            node.stdin().flush();
        } catch (IOException e) {
            throw new IOException("writing to the node failed (" + e.getMessage() + ")" + diagnosis(), e);
        }
    }

    /**
     * Reads until a reply holds every value loaded, {@code timeoutSeconds} at most; the reply that
     * did (the first complete one), or the last one seen if none did.
     */
    Reply awaitAll(int timeoutSeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        Reply reply;
        do {
            reply = read();
            if (reply.complete(count) || reply.problem() != null) {
                return reply;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return reply;
    }

    /**
     * One read: timed from writing the request to having the whole reply line; the reply is
     * parsed and checked after the clock stops.
     */
    Reply read() throws IOException {
        watchdog.arm(30);
        int msgId = ++nextMsgId;
        byte[] request = ("{\"src\":\"" + CLIENT + "\",\"dest\":\"n1\",\"body\":{\"type\":\"read\",\"msg_id\":" + msgId
                + "}}\n").getBytes(StandardCharsets.US_ASCII);
        long startNs = System.nanoTime();
        write(request);
        while (true) {
            if (!lines.next()) {
                return new Reply(-1, 0, 0, "no reply to read " + msgId + diagnosis());
            }
            long nanos = System.nanoTime() - startNs;
            if (!lines.isTo(CLIENT)) {
                continue; // gossip acks and digests for the peers
            }
            return check(nanos, msgId);
        }
    }

    /** The heap now: a full GC (jcmd GC.run), then GC.heap_info and VM.flags, plus the GC log. */
    Heap heap() throws IOException, InterruptedException {
        watchdog.arm(60);
        String pid = Long.toString(node.pid());
        long used = -1;
        long committed = -1;
        String gcRun = jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher heapInfo = HEAP_INFO.matcher(info);
        while (heapInfo.find()) {
            committed = Math.max(0, committed) + Long.parseLong(heapInfo.group(1));
            used = Math.max(0, used) + Long.parseLong(heapInfo.group(2));
        }
        if (used < 0) {
            System.err.println("jcmd gave no heap figures: " + gcRun + info);
        }
        Matcher flags = MAX_HEAP.matcher(jcmd(pid, "VM.flags"));
        long maxHeap = flags.find() ? Long.parseLong(flags.group(1)) : -1;
        long peakBefore = -1;
        long maxCapacity = -1;
        int collections = 0;
        String stderr = node.stderr();
        for (String line : stderr.split("\n")) {
            Matcher gc = GC_LINE.matcher(line);
            if (line.contains("[gc]") && gc.find()) {
                collections++;
                peakBefore = Math.max(peakBefore, kb(gc.group(1), gc.group(2)));
                maxCapacity = Math.max(maxCapacity, kb(gc.group(5), gc.group(6)));
            }
        }
        return new Heap(used, committed, maxHeap, peakBefore, maxCapacity, collections, rssKb(),
                stderr.contains("OutOfMemoryError"));
    }

    boolean outOfMemory() {
        return node.stderr().contains("OutOfMemoryError");
    }

    /** Exit status and the tail of stderr, to explain a failure. */
    String diagnosis() {
        String stderr = node.stderr();
        String tail = stderr.length() > 2000 ? "..." + stderr.substring(stderr.length() - 2000) : stderr;
        return (stderr.contains("OutOfMemoryError") ? "; OutOfMemoryError" : "")
                + (node.isAlive() ? "; node alive" : "; node exited")
                + (watchdog.fired ? " (killed by the bench's timeout)" : "") + "; stderr: " + tail;
    }

    @Override
    public void close() {
        watchdog.stop();
        try {
            node.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Reply check(long nanos, int msgId) throws IOException {
        BitSet seen = new BitSet(count);
        long elements = 0;
        long distinctExpected = 0;
        String type = null;
        long inReplyTo = -1;
        String problem = null;
        try (JsonParser parser = JSON.createParser(lines.buffer(), 0, lines.length())) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.getCurrentName();
                JsonToken value = parser.nextToken();
                if (!field.equals("body")) {
                    parser.skipChildren();
                    continue;
                }
                expect(value, JsonToken.START_OBJECT);
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.getCurrentName();
                    JsonToken token = parser.nextToken();
                    if (name.equals("type")) {
                        type = parser.getText();
                    } else if (name.equals("in_reply_to")) {
                        inReplyTo = parser.getLongValue();
                    } else if (name.equals("messages") && token == JsonToken.START_ARRAY) {
                        for (JsonToken each = parser.nextToken(); each != JsonToken.END_ARRAY; each = parser.nextToken()) {
                            elements++;
                            if (each != JsonToken.VALUE_NUMBER_INT) {
                                parser.skipChildren();
                                continue;
                            }
                            long v = parser.getLongValue();
                            if (v >= 0 && v % stride == 0 && v / stride < count && !seen.get((int) (v / stride))) {
                                seen.set((int) (v / stride));
                                distinctExpected++;
                            }
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            problem = "unparseable reply: " + e.getMessage();
        }
        if (problem == null && !"read_ok".equals(type)) {
            problem = "reply of type " + type + ": " + lines.head(500) + diagnosis();
        } else if (problem == null && inReplyTo != msgId) {
            problem = "reply to " + inReplyTo + ", expected " + msgId;
        }
        return new Reply(nanos, elements, distinctExpected, problem);
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + " but found " + actual);
        }
    }

    /** The next line addressed to {@code dest}, as text; null at end of stream. */
    private String nextClientLine(String dest) throws IOException {
        while (lines.next()) {
            if (lines.isTo(dest)) {
                return lines.head(Integer.MAX_VALUE);
            }
        }
        return null;
    }

    private long rssKb() {
        return node.statusKb("VmRSS:");
    }

    private static long kb(String number, String unit) {
        long n = Long.parseLong(number);
        return switch (unit) {
            case "G" -> n << 20;
            case "M" -> n << 10;
            default -> n;
        };
    }

    /** Runs the jcmd of the JDK running this bench (the nodes' java unless GLOMERS_JAVA says otherwise). */
    private static String jcmd(String pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd", pid, command)
                .redirectErrorStream(true)
                .start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        process.getInputStream().transferTo(out);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Lines of the node's stdout, read in blocks into one growable buffer (a reply is ~7 MB). */
    private static final class Lines {
        private final InputStream in;
        private final byte[] block = new byte[1 << 16];
        private int pos;
        private int limit;
        private byte[] line = new byte[1 << 16];
        private int length;

        Lines(InputStream in) {
            this.in = in;
        }

        /** Reads the next whole line (without its newline); false at end of stream. */
        boolean next() throws IOException {
            length = 0;
            while (true) {
                if (pos == limit) {
                    int read = in.read(block);
                    if (read < 0) {
                        return false; // a line cut off by the node's exit is no reply
                    }
                    pos = 0;
                    limit = read;
                }
                int end = pos;
                while (end < limit && block[end] != '\n') {
                    end++;
                }
                append(pos, end);
                if (end < limit) {
                    pos = end + 1;
                    return true;
                }
                pos = limit;
            }
        }

        private void append(int from, int to) {
            int n = to - from;
            if (length + n > line.length) {
                byte[] bigger = new byte[Math.max(line.length * 2, length + n)];
                System.arraycopy(line, 0, bigger, 0, length);
                line = bigger;
            }
            System.arraycopy(block, from, line, length, n);
            length += n;
        }

        /** Whether the envelope's dest is {@code dest}; the node writes src, dest, body in that order. */
        boolean isTo(String dest) {
            return head(200).contains("\"dest\":\"" + dest + "\"");
        }

        String head(int max) {
            return new String(line, 0, Math.min(length, max), StandardCharsets.UTF_8);
        }

        byte[] buffer() {
            return line;
        }

        int length() {
            return length;
        }
    }

    /** Kills the node when a phase outlives its time limit, so a hung node fails instead of blocking. */
    private static final class Watchdog {
        private final NodeProcess node;
        private final Thread thread;
        private volatile long deadlineNs;
        private volatile boolean armed;
        private volatile boolean stopped;
        volatile boolean fired;

        Watchdog(NodeProcess node) {
            this.node = node;
            this.thread = new Thread(this::watch, "read-bench-watchdog");
            thread.setDaemon(true);
            thread.start();
        }

        void arm(int seconds) {
            deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            armed = true;
        }

        void stop() {
            stopped = true;
            thread.interrupt();
        }

        private void watch() {
            try {
                while (!stopped) {
                    if (armed && System.nanoTime() - deadlineNs > 0) {
                        fired = true;
                        node.close();
                        return;
                    }
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                // stopped
            }
        }
    }
}
