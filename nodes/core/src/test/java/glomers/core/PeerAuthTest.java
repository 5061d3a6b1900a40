package glomers.core;

import static glomers.core.Lines.deliver;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** peer-key=FILE: peer messages are tagged, and a missing, altered or re-addressed tag is refused. */
class PeerAuthTest {

    @TempDir
    Path dir;

    final FakeClock clock = new FakeClock(1_000_000_000L);
    final List<Message> out = new ArrayList<>();
    final List<String> log = new ArrayList<>();
    final List<ObjectNode> handled = new ArrayList<>();
    final List<ObjectNode> callbacks = new ArrayList<>();
    Env env;
    String keyArg;

    @BeforeEach
    void writeKey() throws IOException {
        Path key = dir.resolve("peer.key");
        Files.writeString(key, "0123456789abcdef-the-cluster-secret\n");
        keyArg = "peer-key=" + key;
    }

    NodeHost node(String id, String... args) {
        List<String> all = new ArrayList<>(List.of("metrics-ms=0"));
        all.addAll(List.of(args));
        NodeHost host = new NodeHost((e, h) -> {
            env = e;
            h.on("ping", r -> {
                handled.add(r.body().deepCopy());
                r.reply("pong");
            });
        }, clock, new SplittableRandom(1), m -> out.add(new Message(m.src(), m.dest(), m.body().deepCopy())),
                new StreamLog(log::add, Log.Level.DEBUG, StreamLog.Format.PLAIN), all);
        deliver(host, "{\"src\":\"c0\",\"dest\":\"" + id + "\",\"body\":{\"type\":\"init\",\"msg_id\":1,\"node_id\":\""
                + id + "\",\"node_ids\":[\"n1\",\"n2\",\"n3\"]}}");
        out.clear();
        return host;
    }

    /** n1's ping to n2, as n1 wrote it. */
    String pingFromN1(String... n1Args) {
        node("n1", n1Args);
        ObjectNode body = Bodies.of("ping");
        body.put("value", 7);
        env.rpc("n2", body, 1_000_000_000L, callbacks::add);
        assertEquals(1, out.size());
        String line = MessageCodec.encode(out.get(0));
        out.clear();
        return line;
    }

    static long dropped(NodeHost host) {
        return host.metrics().counter("dropped-unauthenticated-peer").value();
    }

    @Test
    void aTaggedPeerMessageIsHandledWithoutItsTagAndTheReplyIsTaggedToo() {
        String ping = pingFromN1(keyArg);
        assertTrue(ping.contains("\"hmac\":\""), ping);
        NodeHost n2 = node("n2", keyArg);
        deliver(n2, ping);
        assertEquals(1, handled.size());
        assertNull(handled.get(0).get("hmac"), "handlers never see the tag");
        assertEquals(7, handled.get(0).get("value").intValue());
        String pong = MessageCodec.encode(out.get(0));
        assertTrue(pong.contains("\"hmac\":\""), pong);
        assertEquals(0, dropped(n2));
    }

    @Test
    void theReplyReachesTheCallerWhoseKeyMatches() {
        NodeHost n1 = node("n1", keyArg);
        Env n1Env = env;
        ObjectNode body = Bodies.of("ping");
        n1Env.rpc("n2", body, 1_000_000_000L, callbacks::add);
        String ping = MessageCodec.encode(out.remove(0));
        NodeHost n2 = node("n2", keyArg);
        deliver(n2, ping);
        deliver(n1, MessageCodec.encode(out.remove(0)));
        assertEquals(1, callbacks.size());
        assertEquals("pong", callbacks.get(0).get("type").textValue());
        assertNull(callbacks.get(0).get("hmac"));
    }

    @Test
    void oneChangedBitIsRefusedAndCounted() {
        String ping = pingFromN1(keyArg);
        NodeHost n2 = node("n2", keyArg);
        deliver(n2, ping.replace("\"value\":7", "\"value\":6")); // '7' and '6' differ in one bit
        assertEquals(List.of(), handled);
        assertEquals(List.of(), out, "nothing is answered");
        assertEquals(1, dropped(n2));
        assertTrue(log.stream().anyMatch(l -> l.contains("dropped-unauthenticated-peer")), "logged");
    }

    @Test
    void aReplayUnderAnotherNodesIdIsRefused() {
        String ping = pingFromN1(keyArg);
        NodeHost n2 = node("n2", keyArg);
        deliver(n2, ping.replace("\"src\":\"n1\"", "\"src\":\"n3\""));
        assertEquals(List.of(), handled);
        assertEquals(1, dropped(n2));
    }

    @Test
    void aPeerWithoutTheKeyIsRefused() {
        String untagged = pingFromN1();
        assertFalse(untagged.contains("hmac"));
        NodeHost n2 = node("n2", keyArg);
        deliver(n2, untagged);
        assertEquals(List.of(), handled);
        assertEquals(1, dropped(n2));
    }

    @Test
    void aPeerWithAnotherKeyIsRefused() throws IOException {
        Path other = dir.resolve("other.key");
        Files.writeString(other, "fedcba9876543210-another-secret");
        String ping = pingFromN1("peer-key=" + other);
        NodeHost n2 = node("n2", keyArg);
        deliver(n2, ping);
        assertEquals(List.of(), handled);
        assertEquals(1, dropped(n2));
    }

    @Test
    void clientsAndTheirRepliesAreUntouched() {
        NodeHost n2 = node("n2", keyArg);
        deliver(n2, "{\"src\":\"c4\",\"dest\":\"n2\",\"body\":{\"type\":\"ping\",\"msg_id\":3}}");
        assertEquals(1, handled.size());
        assertEquals("{\"src\":\"n2\",\"dest\":\"c4\",\"body\":{\"type\":\"pong\",\"in_reply_to\":3}}",
                MessageCodec.encode(out.get(0)));
    }

    @Test
    void aKeyThatCannotBeReadFailsInitWithAClearError() {
        NodeHost host = new NodeHost((e, h) -> { }, clock, new SplittableRandom(1), out::add,
                new StreamLog(log::add, Log.Level.DEBUG, StreamLog.Format.PLAIN),
                List.of("peer-key=" + dir.resolve("missing.key")));
        deliver(host, Lines.INIT);
        String reply = MessageCodec.encode(out.get(0));
        assertTrue(reply.contains("\"code\":12") && reply.contains("bad peer-key"), reply);
    }
}
