package glomers.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Bodies;
import glomers.core.Message;
import glomers.core.MessageCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issue 23's bar for {@code peer-key=FILE}: a broadcast node, n0 of [n0, n1, n2], started with
 * the cluster's key through its launcher, is piped forged peer messages as fast as it takes them,
 * each forged one of the ways {@code PeerAuthTest} plants: no tag, a wrong tag, a genuine tag
 * with one bit of the message changed, a genuine message of n1 replayed under n2's id, and a tag
 * made with another key. Half are gossip carrying a value (accepted, it would be in every read),
 * half {@code sync} RPCs (accepted, they would be answered). One client {@code broadcast} follows
 * every ten forged lines, and a few genuine gossip messages signed with the right key are mixed
 * in, proving the forgeries were signed the way the node checks. At the end a client reads.
 *
 * <p>It passes when the node lives and exits on stdin's end, its metrics count exactly the forged
 * messages in {@code dropped-unauthenticated-peer}, the read holds every client value and every
 * genuine value and no forged one, no forged RPC was answered, and every client request got
 * exactly one answer, none an error.
 *
 * <p>The tags are computed here with the JDK's HMAC-SHA-256 over the envelope as
 * {@link MessageCodec} writes it without the tag, independently of the node's {@code PeerAuth}.
 */
final class ForgedPeerFlood {

    /** What one forged flood found. */
    record Result(int forged, long dropped, int requests, int answered, int duplicates, int errors, int genuine,
                  int genuineRead, int clientValuesMissing, int forgedRead, int forgedAnswered, boolean aliveAtEnd,
                  boolean exitedOnEof, double seconds, String stderrTail) {

        boolean passed() {
            return aliveAtEnd && exitedOnEof && dropped == forged && answered == requests && duplicates == 0
                    && errors == 0 && genuineRead == genuine && clientValuesMissing == 0 && forgedRead == 0
                    && forgedAnswered == 0;
        }
    }

    /** The ways a peer message is forged, one after another. */
    static final List<String> FORGERIES = List.of("no tag", "wrong tag", "one bit changed", "replayed under n2",
            "another key");
    /** Forged values and RPC ids start here; client values stay below it, genuine ones above FORGED_BASE * 2. */
    static final long FORGED_BASE = 1_000_000_000L;
    private static final long GENUINE_BASE = 2 * FORGED_BASE;
    private static final Pattern IN_REPLY_TO = Pattern.compile("\"in_reply_to\":(\\d+)");
    private static final Pattern DROPPED = Pattern.compile("\"dropped-unauthenticated-peer\":(\\d+)");

    private final Mac key;
    private final Mac otherKey;
    private final SplittableRandom random = new SplittableRandom(23);

    private ForgedPeerFlood(byte[] key, byte[] otherKey) throws GeneralSecurityException {
        this.key = Mac.getInstance("HmacSHA256");
        this.key.init(new SecretKeySpec(key, "HmacSHA256"));
        this.otherKey = Mac.getInstance("HmacSHA256");
        this.otherKey.init(new SecretKeySpec(otherKey, "HmacSHA256"));
    }

    /** The line a peer with {@code mac} would write: the body with its tag last. */
    private static String signed(Mac mac, String src, ObjectNode body) {
        String unsigned = MessageCodec.encode(new Message(src, "n0", body));
        String tag = Base64.getEncoder().encodeToString(mac.doFinal(unsigned.getBytes(StandardCharsets.UTF_8)));
        ObjectNode tagged = body.deepCopy();
        tagged.put("hmac", tag);
        return MessageCodec.encode(new Message(src, "n0", tagged));
    }

    private static ObjectNode gossip(long seq, long value) {
        ObjectNode body = Bodies.of("gossip");
        body.put("epoch", 1);
        body.put("seq", seq);
        body.putArray("v").add(value);
        return body;
    }

    private static ObjectNode sync(long msgId) {
        ObjectNode body = Bodies.of("sync");
        body.put("msg_id", msgId);
        return body;
    }

    /** Forged message {@code i}: its value (a gossip) or msg_id (a sync) is FORGED_BASE + i. */
    String forged(int i) {
        long id = FORGED_BASE + i;
        boolean rpc = i % 2 == 1;
        return switch (i % FORGERIES.size()) {
            case 0 -> MessageCodec.encode(new Message("n1", "n0", rpc ? sync(id) : gossip(id, id)));
            case 1 -> {
                ObjectNode body = rpc ? sync(id) : gossip(id, id);
                byte[] tag = new byte[32];
                random.nextBytes(tag);
                body.put("hmac", Base64.getEncoder().encodeToString(tag));
                yield MessageCodec.encode(new Message("n1", "n0", body));
            }
            case 2 -> {
                // Signed for id ^ 1, whose last digit differs from id's in its lowest bit only;
                // that bit is flipped back in the line, so the line carries id under a tag for id ^ 1.
                String line = signed(key, "n1", rpc ? sync(id ^ 1) : gossip(id ^ 1, id ^ 1));
                String number = Long.toString(id ^ 1);
                int at = line.lastIndexOf(number, line.indexOf("\"hmac\"")) + number.length() - 1;
                yield line.substring(0, at) + (char) (line.charAt(at) ^ 1) + line.substring(at + 1);
            }
            case 3 -> signed(key, "n1", rpc ? sync(id) : gossip(id, id)).replace("\"src\":\"n1\"", "\"src\":\"n2\"");
            default -> signed(otherKey, "n1", rpc ? sync(id) : gossip(id, id));
        };
    }

    /**
     * Floods {@code launcher} with {@code forgedLines} forged peer messages and a client request per
     * ten; {@code keyed} false starts the node without the key, which must then be fooled (the
     * control that proves the forgeries would have an effect).
     */
    static Result run(Path launcher, Path workDir, int forgedLines, boolean keyed) throws IOException,
            InterruptedException, GeneralSecurityException {
        String secret = "flood-" + Long.toHexString(new SplittableRandom(forgedLines).nextLong()) + "-cluster-secret";
        Path keyFile = workDir.resolve("forged-flood-peer.key");
        Files.writeString(keyFile, secret + "\n");
        ForgedPeerFlood flood = new ForgedPeerFlood(secret.getBytes(StandardCharsets.UTF_8),
                ("another-" + secret).getBytes(StandardCharsets.UTF_8));
        NodeProcess node = NodeProcess.start(launcher, workDir, "broadcast-forged-flood",
                keyed ? List.of("peer-key=" + keyFile) : List.of());
        Replies replies = new Replies();
        Thread reader = new Thread(() -> replies.drain(node), "forged-flood-stdout");
        reader.start();
        long start = System.nanoTime();
        OutputStream in = node.stdin();
        writeLine(in, "{\"src\":\"c0\",\"dest\":\"n0\",\"body\":{\"type\":\"init\",\"msg_id\":1,\"node_id\":\"n0\","
                + "\"node_ids\":[\"n0\",\"n1\",\"n2\"]}}");
        int requests = 1;
        int genuine = 0;
        long genuineEvery = Math.max(1, forgedLines / 10);
        for (int i = 1; i <= forgedLines; i++) {
            writeLine(in, flood.forged(i));
            if (i % 10 == 0) {
                writeLine(in, "{\"src\":\"c" + (1 + i % 100) + "\",\"dest\":\"n0\",\"body\":{\"type\":\"broadcast\","
                        + "\"message\":" + i + ",\"msg_id\":" + (i + 1) + "}}");
                requests++;
            }
            if (i % genuineEvery == 0) {
                genuine++;
                writeLine(in, signed(flood.key, "n1", gossip(genuine, GENUINE_BASE + genuine)));
            }
        }
        int readId = forgedLines + 2;
        writeLine(in, "{\"src\":\"c0\",\"dest\":\"n0\",\"body\":{\"type\":\"read\",\"msg_id\":" + readId + "}}");
        requests++;
        in.flush();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (replies.answered() < requests && System.nanoTime() < deadline && node.isAlive()) {
            Thread.sleep(20);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        boolean alive = node.isAlive();
        in.close();
        boolean exited = alive && node.waitFor(10, TimeUnit.SECONDS);
        reader.join(10_000);
        String stderr = node.stderr();
        node.close();
        long dropped = -1;
        for (Matcher m = DROPPED.matcher(stderr); m.find(); ) {
            dropped = Long.parseLong(m.group(1)); // the last metrics line, written when stdin closed
        }
        Set<Long> read = replies.read(readId);
        int genuineRead = 0;
        for (int g = 1; g <= genuine; g++) {
            genuineRead += read.contains(GENUINE_BASE + g) ? 1 : 0;
        }
        int clientMissing = 0;
        for (int i = 10; i <= forgedLines; i += 10) {
            clientMissing += read.contains((long) i) ? 0 : 1;
        }
        int forgedRead = (int) read.stream().filter(v -> v >= FORGED_BASE && v < GENUINE_BASE).count();
        return new Result(forgedLines, dropped, requests, replies.answered(), replies.duplicates.get(),
                replies.errors.get(), genuine, genuineRead, clientMissing, forgedRead, replies.forgedAnswered.get(),
                alive, exited, seconds, stderr.length() > 2000 ? stderr.substring(stderr.length() - 2000) : stderr);
    }

    /** The node's stdout: answers to clients by msg_id, and any answer to a forged RPC. */
    private static final class Replies {
        final Set<Integer> answeredIds = ConcurrentHashMap.newKeySet();
        final AtomicInteger duplicates = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        final AtomicInteger forgedAnswered = new AtomicInteger();
        final List<String> reads = new ArrayList<>();

        int answered() {
            return answeredIds.size();
        }

        void drain(NodeProcess node) {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(node.stdout(), StandardCharsets.UTF_8),
                    1 << 16)) {
                String line;
                while ((line = out.readLine()) != null) {
                    Matcher m = IN_REPLY_TO.matcher(line);
                    if (!m.find()) {
                        continue; // the node's own gossip to n1 and n2
                    }
                    long id = Long.parseLong(m.group(1));
                    if (!line.contains("\"dest\":\"c")) {
                        if (id >= FORGED_BASE) {
                            forgedAnswered.incrementAndGet();
                        }
                        continue;
                    }
                    if (!answeredIds.add((int) id)) {
                        duplicates.incrementAndGet();
                    }
                    if (line.contains("\"type\":\"error\"")) {
                        errors.incrementAndGet(); // a broadcast or a read has no reason to fail here
                    }
                    if (line.contains("\"type\":\"read_ok\"")) {
                        synchronized (reads) {
                            reads.add(line);
                        }
                    }
                }
            } catch (IOException e) {
                // The node is gone; the result says so.
            }
        }

        /** The values of the read answered to {@code msgId}. */
        Set<Long> read(int msgId) throws IOException {
            Set<Long> values = new HashSet<>();
            synchronized (reads) {
                for (String line : reads) {
                    JsonNode body = MessageCodec.mapper().readTree(line).path("body");
                    if (body.path("in_reply_to").asLong() == msgId) {
                        body.path("messages").forEach(v -> values.add(v.asLong()));
                    }
                }
            }
            return values;
        }
    }

    private static void writeLine(OutputStream out, String line) throws IOException {
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }

    /** {@code run-scripts/bench forged-flood [--lines 1000000]}: prints the figures and exits 1 unless it passed. */
    public static void main(String[] args) throws Exception {
        BenchArgs options = BenchArgs.parse(args, "ForgedPeerFlood [--lines 1000000] [--bin PATH]", "lines", "bin");
        int lines = options.intValue("lines", 1_000_000);
        Path workDir = Files.createTempDirectory("glomers-forged-flood");
        System.out.printf("flooding broadcast (peer-key) with %,d forged peer messages (%s), a client broadcast per ten...%n",
                lines, String.join(", ", FORGERIES));
        Result r = run(options.launcher("broadcast"), workDir, lines, true);
        System.out.printf("forged %,d, dropped-unauthenticated-peer %,d; forged values read %d, forged RPCs answered %d;"
                        + " genuine gossip read %d of %d; client values missing %d; requests %,d, answered %,d,"
                        + " duplicates %d, errors %d; %,.0f lines/s; alive %s, exited on EOF %s: %s%n",
                r.forged(), r.dropped(), r.forgedRead(), r.forgedAnswered(), r.genuineRead(), r.genuine(),
                r.clientValuesMissing(), r.requests(), r.answered(), r.duplicates(), r.errors(),
                (r.forged() + r.requests() + r.genuine()) / r.seconds(), r.aliveAtEnd(), r.exitedOnEof(),
                r.passed() ? "PASS" : "FAIL");
        if (!r.passed()) {
            System.out.println("its stderr ends with:\n" + r.stderrTail());
        }
        System.exit(r.passed() ? 0 : 1);
    }
}
