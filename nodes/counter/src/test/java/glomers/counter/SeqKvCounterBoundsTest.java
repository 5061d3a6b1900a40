package glomers.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** The seq-kv counter keeps a bounded queue of requests while seq-kv is slow; past it, a definite 11. */
class SeqKvCounterBoundsTest {

    private final List<Message> sent = new ArrayList<>();
    private int msgId = 1;

    private void deliver(NodeHost host, String body) {
        try {
            host.onMessage(MessageCodec.parse("{\"src\":\"c1\",\"dest\":\"n0\",\"body\":" + body + ",\"msg_id\":"
                    + msgId++ + "}}"));
        } catch (MalformedMessageException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void addsAndReadsWaitingForASilentSeqKvAreBounded() {
        NodeHost host = new NodeHost(CounterNodes.newNode(CounterKind.GROW_ONLY), SystemClock.REAL, new SplittableRandom(5),
                sent::add, new StreamLog(line -> { }, Log.Level.WARN, StreamLog.Format.PLAIN),
                List.of("mode=seq-kv", "metrics-ms=0"));
        deliver(host, "{\"type\":\"init\",\"node_id\":\"n0\",\"node_ids\":[\"n0\",\"n1\"]");
        sent.clear();
        int over = 9;
        // One add and one read go to seq-kv (which never answers); the rest wait, up to the bound.
        for (int i = 0; i < SeqKvCounterNode.MAX_WAITING + 1 + over; i++) {
            deliver(host, "{\"type\":\"add\",\"delta\":1");
            deliver(host, "{\"type\":\"read\"");
        }
        List<Message> toClients = sent.stream().filter(m -> m.dest().equals("c1")).toList();
        assertEquals(2 * over, toClients.size(), "only the requests past the bound are answered, now");
        assertTrue(toClients.stream().allMatch(m -> m.body().path("code").asInt() == 11), () -> toClients.get(0).toString());
        assertEquals(2, sent.stream().filter(m -> m.dest().equals("seq-kv")).count(), "one round of each in flight");
    }
}
