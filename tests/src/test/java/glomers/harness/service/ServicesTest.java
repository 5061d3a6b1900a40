package glomers.harness.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Message;
import glomers.harness.net.Faults;
import glomers.harness.net.LatencyModel;
import glomers.harness.net.Network;
import glomers.harness.sched.VirtualScheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ServicesTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final Network network = new Network(scheduler, LatencyModel.parse("constant", 5), Faults.NONE,
            new SplittableRandom(1));
    private final List<ObjectNode> replies = new ArrayList<>();
    private long msgId;

    ServicesTest() {
        Services.start(network, new SplittableRandom(2));
        network.add("n0", (m, id) -> replies.add(m.body()));
        network.add("n1", (m, id) -> replies.add(m.body()));
    }

    private ObjectNode call(String from, String service, ObjectNode body) {
        body.put("msg_id", ++msgId);
        int before = replies.size();
        network.sendFrom(from, new Message(from, service, body));
        scheduler.runUntilTime(scheduler.nowNanos() + 20_000_000L);
        assertTrue(replies.size() <= before + 1);
        return replies.size() == before ? null : replies.get(before);
    }

    private static ObjectNode op(String type, int key) {
        return JSON.objectNode().put("type", type).put("key", key);
    }

    @Test
    void linKvReadWriteCasWithErrorCodes() {
        assertEquals(20, call("n0", "lin-kv", op("read", 1)).get("code").asInt());
        assertEquals("write_ok", call("n0", "lin-kv", op("write", 1).put("value", 5)).get("type").asText());
        ObjectNode read = call("n1", "lin-kv", op("read", 1));
        assertEquals(5, read.get("value").asInt());
        assertEquals(msgId, read.get("in_reply_to").asLong());
        assertTrue(!read.has("msg_id"), "service replies carry no msg_id");
        assertEquals(22, call("n0", "lin-kv", op("cas", 1).put("from", 4).put("to", 6)).get("code").asInt());
        assertEquals("cas_ok", call("n0", "lin-kv", op("cas", 1).put("from", 5).put("to", 6)).get("type").asText());
        assertEquals(20, call("n0", "lin-kv", op("cas", 2).put("from", 0).put("to", 1)).get("code").asInt());
        assertEquals("cas_ok", call("n0", "lin-kv", op("cas", 2).put("from", 0).put("to", 1)
                .put("create_if_not_exists", true)).get("type").asText());
        assertNull(call("n0", "lin-kv", op("frobnicate", 1)), "unknown requests get no reply");
    }

    @Test
    void seqKvReadsWithinTheKeptStatesAreStaleButNeverGoBackAndReachTheNewest() {
        for (int v = 1; v <= 20; v++) {
            call("n0", "seq-kv", op("write", 1).put("value", v));
        }
        int last = 0;
        boolean stale = false;
        for (int i = 0; i < 100; i++) {
            int v = readSeqKv("n1");
            assertTrue(v >= last, "n1 went back from " + last + " to " + v);
            stale |= v < 20;
            last = v;
        }
        assertTrue(stale, "a fresh caller should see some stale states");
        assertEquals(20, last, "a caller that only reads still reaches the newest state, as in Maelstrom");
        assertEquals(20, readSeqKv("n0"), "the writer reads its own write");
    }

    @Test
    void seqKvFindsAFarBehindIndexAsMaelstromsRingBufferDoes() {
        Network own = new Network(new VirtualScheduler(), LatencyModel.parse("constant", 5), Faults.NONE,
                new SplittableRandom(1));
        SeqKv kv = new SeqKv(own, new SplittableRandom(3));
        for (int v = 1; v <= 100; v++) {
            kv.handle("n0", op("write", 1).put("value", v)); // state i holds value i; 69..100 are kept
        }
        // Maelstrom takes (nth buffer (dec (- index last-index))) on a ring of 32: offset -1 is the
        // newest, and an offset past the oldest wraps modulo 32 rather than stopping there.
        assertEquals(100, valueAt(kv, 100));
        assertEquals(69, valueAt(kv, 69));
        assertEquals(96, valueAt(kv, 0)); // -101 mod 32 = 27
        assertEquals(69, valueAt(kv, 5)); // -96 mod 32 = 0: a later index, an older state
    }

    private static int valueAt(SeqKv kv, long index) {
        return kv.at(index).entries().get("1").asInt();
    }

    private int readSeqKv(String from) {
        ObjectNode r = call(from, "seq-kv", op("read", 1));
        return r.has("value") ? r.get("value").asInt() : 0;
    }

    @Test
    void lwwKvReplicasNeverMergeSoAReadMissesAWriteHalfTheTime() {
        call("n0", "lww-kv", op("write", 1).put("value", 1));
        int found = 0;
        int missing = 0;
        for (int i = 0; i < 200; i++) {
            ObjectNode r = call("n1", "lww-kv", op("read", 1));
            if (r.has("value")) {
                assertEquals(1, r.get("value").asInt());
                found++;
            } else {
                assertEquals(20, r.get("code").asInt());
                missing++;
            }
        }
        // Each read picks one of two replicas and only one holds the write, in Maelstrom v0.2.4 too.
        assertTrue(found > 60 && missing > 60, found + " reads found the write, " + missing + " missed it");
    }

    @Test
    void linTsoCountsFromZero() {
        assertEquals(0, call("n0", "lin-tso", JSON.objectNode().put("type", "ts")).get("ts").asLong());
        assertEquals(1, call("n1", "lin-tso", JSON.objectNode().put("type", "ts")).get("ts").asLong());
    }
}
