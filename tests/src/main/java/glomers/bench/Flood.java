package glomers.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One binary flooded through its launcher: as many lines as the pipe takes, mostly the workload's
 * own requests from 100 clients, with one line in ten something a node must survive (malformed
 * JSON, an unknown type, fields of the wrong type, a message from an id outside node_ids, a reply
 * to nothing). A reader drains stdout at the same time. The node passes when it is still alive at
 * the end, every client request got exactly one reply, none of them indefinite (0 or 13), nothing
 * went to the outsider, and it exits by itself once stdin closes.
 */
final class Flood {

    /** What one flood found. */
    record Result(String binary, int lines, int requests, int answered, int duplicates, int indefinite,
                  int toOutsider, long otherOut, boolean aliveAtEnd, boolean exitedOnEof, double seconds,
                  long peakRssKb, boolean outOfMemory, String stderrTail) {

        boolean passed() {
            return aliveAtEnd && exitedOnEof && answered == requests && duplicates == 0 && indefinite == 0
                    && toOutsider == 0 && !outOfMemory;
        }
    }

    private static final Pattern IN_REPLY_TO = Pattern.compile("\"in_reply_to\":(\\d+)");
    private static final Pattern CODE = Pattern.compile("\"code\":(\\d+)");

    private Flood() {
    }

    /** The workload's well-formed request number {@code i} (a body without msg_id). */
    static String request(String binary, int i) {
        return switch (binary) {
            case "echo" -> "{\"type\":\"echo\",\"echo\":\"flood " + i + "\"";
            case "unique-ids" -> "{\"type\":\"generate\"";
            case "broadcast" -> i % 1000 == 0 ? "{\"type\":\"read\"" : "{\"type\":\"broadcast\",\"message\":" + i;
            case "g-counter" -> i % 1000 == 0 ? "{\"type\":\"read\"" : "{\"type\":\"add\",\"delta\":" + (i % 7);
            case "pn-counter" -> i % 1000 == 0 ? "{\"type\":\"read\"" : "{\"type\":\"add\",\"delta\":" + (i % 7 - 3);
            case "g-set" -> i % 1000 == 0 ? "{\"type\":\"read\"" : "{\"type\":\"add\",\"element\":" + i;
            case "kafka" -> switch (i % 100) {
                case 0 -> "{\"type\":\"poll\",\"offsets\":{\"k" + (i % 10) + "\":" + Math.max(0, i / 20 - 50) + "}";
                case 1 -> "{\"type\":\"commit_offsets\",\"offsets\":{\"k" + (i % 10) + "\":" + i / 20 + "}";
                case 2 -> "{\"type\":\"list_committed_offsets\",\"keys\":[\"k" + (i % 10) + "\"]";
                default -> "{\"type\":\"send\",\"key\":\"k" + (i % 10) + "\",\"msg\":" + i;
            };
            case "txn" -> "{\"type\":\"txn\",\"txn\":[[\"r\"," + (i % 50) + ",null],[\"w\"," + (i % 50) + "," + i + "]]";
            default -> throw new IllegalArgumentException("no flood for " + binary);
        };
    }

    /** The same workload's request with its main field of the wrong type. */
    static String wrongTyped(String binary) {
        return switch (binary) {
            case "echo" -> "{\"type\":\"echo\"";
            case "unique-ids" -> "{\"type\":\"generate\",\"extra\":[1,2]";
            case "broadcast" -> "{\"type\":\"broadcast\",\"message\":\"not a number\"";
            case "g-counter", "pn-counter" -> "{\"type\":\"add\",\"delta\":\"seven\"";
            case "g-set" -> "{\"type\":\"add\",\"element\":{\"nested\":true}";
            case "kafka" -> "{\"type\":\"send\",\"key\":5,\"msg\":null";
            case "txn" -> "{\"type\":\"txn\",\"txn\":\"r 1\"";
            default -> throw new IllegalArgumentException(binary);
        };
    }

    static Result run(Path launcher, Path workDir, String binary, int lines, List<String> nodeArgs)
            throws IOException, InterruptedException {
        NodeProcess node = NodeProcess.start(launcher, workDir, binary + "-flood", nodeArgs);
        AtomicIntegerArray answers = new AtomicIntegerArray(lines + 2);
        AtomicIntegerArray counts = new AtomicIntegerArray(4); // duplicates, indefinite, to the outsider, other out
        Thread reader = new Thread(() -> drain(node, answers, counts), "flood-stdout");
        reader.start();
        long start = System.nanoTime();
        OutputStream in = node.stdin();
        BitSet isRequest = new BitSet(lines + 2);
        int requests = 0;
        writeLine(in, "{\"src\":\"c0\",\"dest\":\"n0\",\"body\":{\"type\":\"init\",\"msg_id\":" + (lines + 1)
                + ",\"node_id\":\"n0\",\"node_ids\":[\"n0\"]}}");
        isRequest.set(lines + 1);
        requests++;
        for (int i = 1; i <= lines; i++) {
            String client = "c" + (1 + i % 100);
            String line;
            boolean request = true;
            switch (i % 50) {
                case 3 -> { line = "{\"src\":\"" + client + "\",\"dest\":\"n0\",\"body\":{\"type\":\"echo\",\"msg_id\":"; request = false; }
                case 13 -> line = envelope(client, "{\"type\":\"frobnicate\"", i);
                case 23 -> line = envelope(client, wrongTyped(binary), i);
                case 33 -> { line = envelope("n7", request(binary, i), i); request = false; }
                case 43 -> { line = "{\"src\":\"" + client + "\",\"dest\":\"n0\",\"body\":{\"type\":\"echo_ok\",\"in_reply_to\":" + i + "}}"; request = false; }
                default -> line = envelope(client, request(binary, i), i);
            }
            if (request) {
                isRequest.set(i);
                requests++;
            }
            writeLine(in, line);
        }
        in.flush();
        // A node answers within its deadlines (kafka's reply-ms is 3.5 s); give it that, then look.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (answered(answers, isRequest) < requests && System.nanoTime() < deadline && node.isAlive()) {
            Thread.sleep(20);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        boolean alive = node.isAlive();
        long peakRssKb = node.peakRssKb();
        in.close();
        boolean exited = alive && node.waitFor(10, TimeUnit.SECONDS);
        reader.join(10_000);
        String stderr = node.stderr();
        node.close();
        int answered = answered(answers, isRequest);
        return new Result(binary, lines, requests, answered, counts.get(0), counts.get(1), counts.get(2), counts.get(3),
                alive, exited, seconds, peakRssKb, stderr.contains("OutOfMemoryError"),
                stderr.length() > 2000 ? stderr.substring(stderr.length() - 2000) : stderr);
    }

    private static int answered(AtomicIntegerArray answers, BitSet isRequest) {
        int n = 0;
        for (int i = isRequest.nextSetBit(0); i >= 0; i = isRequest.nextSetBit(i + 1)) {
            if (answers.get(i) > 0) {
                n++;
            }
        }
        return n;
    }

    private static String envelope(String src, String bodyStart, int msgId) {
        return "{\"src\":\"" + src + "\",\"dest\":\"n0\",\"body\":" + bodyStart + ",\"msg_id\":" + msgId + "}}";
    }

    private static void writeLine(OutputStream out, String line) throws IOException {
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }

    private static void drain(NodeProcess node, AtomicIntegerArray answers, AtomicIntegerArray counts) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.stdout(), StandardCharsets.UTF_8),
                1 << 16)) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.contains("\"dest\":\"n7\"")) {
                    counts.incrementAndGet(2);
                    continue;
                }
                Matcher m = IN_REPLY_TO.matcher(line);
                if (!m.find()) {
                    counts.incrementAndGet(3);
                    continue;
                }
                int id = Integer.parseInt(m.group(1));
                if (id >= answers.length()) {
                    counts.incrementAndGet(3);
                    continue;
                }
                if (answers.incrementAndGet(id) > 1) {
                    counts.incrementAndGet(0);
                }
                if (line.contains("\"type\":\"error\"")) {
                    Matcher code = CODE.matcher(line);
                    if (code.find() && (code.group(1).equals("0") || code.group(1).equals("13"))) {
                        counts.incrementAndGet(1);
                    }
                }
            }
        } catch (IOException e) {
            // The node is gone; the result says so.
        }
    }
}
