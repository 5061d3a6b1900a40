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
    record Result(String binary, boolean peerGarbage, int lines, int requests, int answered, int duplicates,
                  int indefinite, int toOutsider, long otherOut, boolean aliveAtEnd, boolean exitedOnEof,
                  double seconds, long peakRssKb, boolean outOfMemory, long escapedExceptions, String stderrTail) {

        /**
         * With a garbage-sending peer an indefinite answer can be the truth: a peer's append that
         * looks valid makes kafka follow it, and a send forwarded to it may or may not have been
         * appended. Alone, a node has no excuse.
         */
        boolean passed() {
            return aliveAtEnd && exitedOnEof && answered == requests && duplicates == 0
                    && (indefinite == 0 || peerGarbage) && toOutsider == 0 && !outOfMemory && escapedExceptions == 0;
        }
    }

    /** Every message type a node takes from its peers, any binary: the peer flood sends them all. */
    static final List<String> PEER_TYPES = List.of("gossip", "ack", "digest", "digest_state", "sync", "sync_ok",
            "append", "append_ok", "vote", "vote_ok");

    /** Body fields of the wrong type, missing, null, out of range or of the wrong shape. */
    private static final List<String> PEER_GARBAGE = List.of(
            "",
            ",\"term\":\"x\",\"v\":5,\"entries\":\"no\",\"acks\":7,\"seq\":[1],\"epoch\":{}",
            ",\"term\":null,\"v\":null,\"entries\":null,\"acks\":null,\"match\":null,\"forwards\":null",
            ",\"term\":1e30,\"match\":-5,\"prev_index\":2147483648,\"prev_term\":-1,\"last_index\":99999999999",
            ",\"term\":1,\"entries\":[[1],[2,\"send\"],[\"x\",\"commit\",{}]],\"v\":[[[\"x\"]]],\"forwards\":[[1,2],\"y\"]",
            ",\"term\":1,\"ok\":true,\"match\":3,\"v\":{\"a\":{\"b\":[]}},\"acks\":[[\"q\"]],\"count\":\"many\"");

    /** The i-th peer message: a peer type with one kind of garbage, sometimes as an RPC or a reply. */
    static String peerMessage(int i) {
        String type = PEER_TYPES.get(i % PEER_TYPES.size());
        String garbage = PEER_GARBAGE.get((i / PEER_TYPES.size()) % PEER_GARBAGE.size());
        String id = i % 3 == 0 ? ",\"msg_id\":" + i : i % 3 == 1 ? ",\"in_reply_to\":" + (i % 1000) : "";
        return "{\"src\":\"n1\",\"dest\":\"n0\",\"body\":{\"type\":\"" + type + "\"" + garbage + id + "}}";
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

    /**
     * Floods one node. With {@code peerGarbage} the node has a peer, n1, that never answers, and
     * the bad lines include n1's messages of every peer type with fields of the wrong type;
     * without it the node is alone and the outsider n7 sends it the workload's own requests.
     */
    static Result run(Path launcher, Path workDir, String binary, int lines, List<String> nodeArgs,
                      boolean peerGarbage) throws IOException, InterruptedException {
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
                + ",\"node_id\":\"n0\",\"node_ids\":" + (peerGarbage ? "[\"n0\",\"n1\"]" : "[\"n0\"]") + "}}");
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
                case 33, 38 -> {
                    line = peerGarbage ? peerMessage(i / 50 * 2 + (i % 50 == 38 ? 1 : 0))
                            : i % 50 == 33 ? envelope("n7", request(binary, i), i) : envelope(client, request(binary, i), i);
                    request = !peerGarbage && i % 50 == 38;
                }
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
        // The core catches what a handler, callback or timer throws and logs it under these events.
        long escaped = stderr.lines().filter(l -> l.contains("\"event\":\"handler-failed\"")
                || l.contains("\"event\":\"callback-failed\"") || l.contains("\"event\":\"timer-failed\"")
                || l.contains("\"event\":\"unexpected-failure\"")).count();
        return new Result(binary, peerGarbage, lines, requests, answered, counts.get(0), counts.get(1), counts.get(2), counts.get(3),
                alive, exited, seconds, peakRssKb, stderr.contains("OutOfMemoryError"), escaped,
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
                if (!line.contains("\"dest\":\"c") || !m.find()) { // a message to its peer, not an answer
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
