package glomers.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import glomers.core.Log;
import glomers.core.MalformedMessageException;
import glomers.core.Message;
import glomers.core.MessageCodec;
import glomers.core.NodeHost;
import glomers.core.StreamLog;
import glomers.core.SystemClock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A peer's gossip can only name the cluster's nodes: made-up entries never reach the counter. */
class CounterPeerStateTest {

    private final List<Message> sent = new ArrayList<>();

    private static void deliver(NodeHost host, String src, String body) {
        try {
            host.onMessage(MessageCodec.parse("{\"src\":\"" + src + "\",\"dest\":\"n0\",\"body\":" + body + "}"));
        } catch (MalformedMessageException e) {
            throw new AssertionError(e);
        }
    }

    private long read(NodeHost host, int msgId) {
        deliver(host, "c1", "{\"type\":\"read\",\"msg_id\":" + msgId + "}");
        return sent.get(sent.size() - 1).body().path("value").asLong(-1);
    }

    @Test
    void gossipNamingAStrangerOrTooManyEntriesIsDroppedAndCounted() {
        NodeHost host = new NodeHost(CounterNodes.newNode(CounterKind.GROW_ONLY), SystemClock.REAL,
                new SplittableRandom(6), sent::add, new StreamLog(line -> { }, Log.Level.ERROR, StreamLog.Format.PLAIN),
                List.of("metrics-ms=0", "sync-wait-ms=1"));
        deliver(host, "c0", "{\"type\":\"init\",\"msg_id\":1,\"node_id\":\"n0\",\"node_ids\":[\"n0\",\"n1\"]}");
        try {
            Thread.sleep(5); // the start-up sync's 1 ms wait for peers, on the real clock
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        host.runDueTimers();
        deliver(host, "n1", "{\"type\":\"gossip\",\"epoch\":5,\"seq\":1,\"v\":[[\"n1\",5,3,0]]}");
        assertEquals(3, read(host, 2), "a peer's own entry counts");
        deliver(host, "n1", "{\"type\":\"gossip\",\"epoch\":5,\"seq\":2,\"v\":[[\"n1\",5,4,0],[\"n9\",1,1000,0]]}");
        StringBuilder many = new StringBuilder("[");
        for (int e = 0; e <= CrdtCounterNode.MAX_ENTRIES_PER_STATE; e++) {
            many.append(e == 0 ? "" : ",").append("[\"n1\",").append(100 + e).append(",1,0]");
        }
        deliver(host, "n1", "{\"type\":\"gossip\",\"epoch\":5,\"seq\":3,\"v\":" + many + "]}");
        assertEquals(3, read(host, 3), "neither state was merged, not even its good entries");
        assertEquals(2, host.metrics().counter("dropped-malformed-peer-message").value());
    }
}
