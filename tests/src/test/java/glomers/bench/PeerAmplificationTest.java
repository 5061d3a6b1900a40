package glomers.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import glomers.core.Clock;
import glomers.core.Log;
import glomers.core.MalformedMessageException;
import glomers.core.Message;
import glomers.core.MessageCodec;
import glomers.core.NodeHost;
import glomers.core.NodeLogic;
import glomers.core.StreamLog;
import glomers.harness.cluster.SimBinaries;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No incoming message makes a node send more than one message per other node (a fan-out, or a
 * reply): what a peer or client sends cannot amplify into a storm. Every binary, as n0 of five
 * nodes, gets the flood's peer messages (every peer type, fields of every wrong type, as RPCs,
 * replies and one-way), well-formed gossip carrying new values, and its clients' requests; the
 * messages each one makes it send before the next arrives are counted. Timers do not run here,
 * so what is counted is what the message itself caused.
 */
class PeerAmplificationTest {

    private static final List<String> NODES = List.of("n0", "n1", "n2", "n3", "n4");
    /** A fan-out to the other four, or one reply to the sender, or a reply and the others. */
    private static final int BOUND = NODES.size();

    /** The shipped binaries (SimBinaries also holds the broken ones other tests register). */
    static List<String> binaries() {
        return FloodBench.BINARIES;
    }

    private final List<Message> sent = new ArrayList<>();

    private int deliver(NodeHost host, String line) {
        sent.clear();
        try {
            host.onMessage(MessageCodec.parse(line));
        } catch (MalformedMessageException e) {
            throw new AssertionError(e);
        }
        return sent.size();
    }

    @ParameterizedTest
    @MethodSource("binaries")
    void noMessageMakesANodeSendMoreThanOnePerOtherNode(String binary) {
        Worst worst = worst(SimBinaries.forBin(Path.of(binary)).get(), binary);
        assertTrue(worst.sends() >= 1, binary + " answered nothing: the check would be empty");
        assertTrue(worst.sends() <= BOUND, binary + ": one message caused " + worst.sends() + " sends (bound " + BOUND
                + "): " + worst.line());
    }

    /** The check is proven by a planted echo storm: a node that answers gossip to every peer twice. */
    @org.junit.jupiter.api.Test
    void aNodeThatEchoesGossipToEveryPeerIsCaught() {
        NodeLogic storm = (env, handlers) -> handlers.on("gossip", request -> {
            for (String peer : env.nodeIds()) {
                if (!peer.equals(env.nodeId())) {
                    env.send(peer, glomers.core.Bodies.of("gossip"));
                    env.send(peer, glomers.core.Bodies.of("gossip"));
                }
            }
        }).on("echo", request -> request.reply("echo_ok"));
        assertTrue(worst(storm, "echo").sends() > BOUND);
    }

    /**
     * With timers: what one message adds to the next 10 s of a node's traffic, against the same
     * node (same seed, same clock) that never got it. Retransmissions to the silent peers and a
     * hub's batched fan-out count here; they are bounded per peer, so one message stays a few
     * messages per peer however long the node runs.
     */
    @ParameterizedTest
    @MethodSource("binaries")
    void whatOneMessageAddsOverTheNextTenSecondsIsAFewMessagesPerPeer(String binary) {
        List<String> samples = new ArrayList<>();
        samples.add(GOSSIP);
        samples.add("{\"src\":\"c1\",\"dest\":\"n0\",\"body\":" + Flood.request(binary, 7) + ",\"msg_id\":9}}");
        for (int i = 0; i < 3 * Flood.PEER_TYPES.size(); i++) {
            samples.add(Flood.peerMessage(i * 7));
        }
        Worst worst = mostAdded(SimBinaries.forBin(Path.of(binary)), samples);
        assertTrue(worst.sends() <= TEN_SECOND_BOUND, binary + ": one message added " + worst.sends()
                + " sends over 10 s: " + worst.line());
    }

    /** That check is proven by a planted node that, once gossiped to, re-gossips to every peer every 100 ms. */
    @org.junit.jupiter.api.Test
    void aNodeThatKeepsReGossipingIsCaught() {
        java.util.function.Supplier<NodeLogic> storm = () -> (env, handlers) -> handlers.on("gossip", request ->
                env.every(100_000_000L, () -> {
                    for (String peer : env.nodeIds()) {
                        if (!peer.equals(env.nodeId())) {
                            env.send(peer, glomers.core.Bodies.of("gossip"));
                        }
                    }
                }));
        assertTrue(mostAdded(storm, List.of(GOSSIP)).sends() > TEN_SECOND_BOUND);
    }

    /** Well-formed gossip with values new to n0. */
    private static final String GOSSIP = "{\"src\":\"n1\",\"dest\":\"n0\",\"body\":{\"type\":\"gossip\",\"epoch\":7,"
            + "\"seq\":1,\"v\":[1001,2001]}}";
    /** A few messages per peer: a hub's batched fan-out and the backed-off retransmissions to silent peers. */
    private static final int TEN_SECOND_BOUND = 5 * BOUND;

    /** The sample that adds the most sends over 10 s, against the same seeded node without it. */
    private Worst mostAdded(java.util.function.Supplier<NodeLogic> logic, List<String> samples) {
        Worst worst = new Worst(0, null);
        for (String line : samples) {
            int added = tenSeconds(logic.get(), line) - tenSeconds(logic.get(), null);
            if (added > worst.sends()) {
                worst = new Worst(added, line);
            }
        }
        return worst;
    }

    /** Sends over 10 s after init, with {@code line} (if any) delivered at its start. */
    private int tenSeconds(NodeLogic logic, String line) {
        ManualClock clock = new ManualClock();
        List<Message> out = new ArrayList<>();
        NodeHost host = new NodeHost(logic, clock, new SplittableRandom(8), out::add,
                new StreamLog(l -> { }, Log.Level.ERROR, StreamLog.Format.PLAIN), List.of("metrics-ms=0"));
        try {
            host.onMessage(MessageCodec.parse("{\"src\":\"c0\",\"dest\":\"n0\",\"body\":{\"type\":\"init\","
                    + "\"msg_id\":1,\"node_id\":\"n0\",\"node_ids\":[\"n0\",\"n1\",\"n2\",\"n3\",\"n4\"]}}"));
            if (line != null) {
                host.onMessage(MessageCodec.parse(line));
            }
        } catch (MalformedMessageException e) {
            throw new AssertionError(e);
        }
        for (int step = 0; step < 1_000; step++) {
            clock.nanos += 10_000_000L;
            host.runDueTimers();
        }
        return out.size();
    }

    private record Worst(int sends, String line) {
    }

    /** Time that moves only when the test moves it. */
    private static final class ManualClock implements Clock {
        long nanos = 1_000_000_000L;

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public long epochMillis() {
            return nanos / 1_000_000L;
        }
    }

    private Worst worst(NodeLogic logic, String binary) {
        ManualClock clock = new ManualClock();
        NodeHost host = new NodeHost(logic, clock, new SplittableRandom(8),
                sent::add, new StreamLog(line -> { }, Log.Level.ERROR, StreamLog.Format.PLAIN), List.of("metrics-ms=0"));
        deliver(host, "{\"src\":\"c0\",\"dest\":\"n0\",\"body\":{\"type\":\"init\",\"msg_id\":1,\"node_id\":\"n0\","
                + "\"node_ids\":[\"n0\",\"n1\",\"n2\",\"n3\",\"n4\"]}}");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 6 * 3 * Flood.PEER_TYPES.size(); i++) {
            lines.add(Flood.peerMessage(i));
        }
        for (int seq = 1; seq <= 50; seq++) {
            // Well-formed gossip with values new to n0: a hub fans these out.
            lines.add("{\"src\":\"n1\",\"dest\":\"n0\",\"body\":{\"type\":\"gossip\",\"epoch\":7,\"seq\":" + seq
                    + ",\"v\":[" + (1_000 + seq) + "," + (2_000 + seq) + "]}}");
        }
        for (int i = 1; i <= 300; i++) {
            lines.add("{\"src\":\"c" + (1 + i % 3) + "\",\"dest\":\"n0\",\"body\":" + Flood.request(binary, i)
                    + ",\"msg_id\":" + (10 + i) + "}}");
        }
        int most = 0;
        String worst = null;
        for (String line : lines) {
            int caused = deliver(host, line);
            if (caused > most) {
                most = caused;
                worst = line;
            }
            clock.nanos += 1_000_000L; // time moves, timers do not run: only the message's own sends count
        }
        return new Worst(most, worst);
    }
}
