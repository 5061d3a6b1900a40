package glomers.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import glomers.core.Clock;
import glomers.core.Message;
import glomers.core.MessageCodec;
import glomers.core.NodeHost;
import glomers.core.StreamLog;
import glomers.core.Log;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The kafka node's bounds on what clients can make it keep: past them, a definite 11 and nothing kept. */
class KafkaBoundsTest {

    private long nowNanos = 1_000_000_000L;
    private final List<Message> sent = new ArrayList<>();
    private int msgId = 1;

    /** One node alone: it elects itself and commits what it appends. */
    private NodeHost soloLeader() {
        Clock clock = new Clock() {
            @Override
            public long nanoTime() {
                return nowNanos;
            }

            @Override
            public long epochMillis() {
                return nowNanos / 1_000_000L;
            }
        };
        NodeHost host = new NodeHost(Main.newLogic(), clock, new SplittableRandom(3), sent::add,
                new StreamLog(line -> { }, Log.Level.WARN, StreamLog.Format.PLAIN), List.of("metrics-ms=0"));
        deliver(host, "c0", "{\"type\":\"init\",\"node_id\":\"n0\",\"node_ids\":[\"n0\"]");
        for (int i = 0; i < 100; i++) {
            nowNanos += 50_000_000L;
            host.runDueTimers();
        }
        sent.clear();
        return host;
    }

    private void deliver(NodeHost host, String client, String bodyStart) {
        try {
            host.onMessage(MessageCodec.parse("{\"src\":\"" + client + "\",\"dest\":\"n0\",\"body\":" + bodyStart
                    + ",\"msg_id\":" + msgId++ + "}}"));
        } catch (glomers.core.MalformedMessageException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs timers until every request so far is answered (group commit waits for its tick). */
    private void settle(NodeHost host) {
        for (int i = 0; i < 20; i++) {
            nowNanos += 20_000_000L;
            host.runDueTimers();
        }
    }

    private long replies(String type) {
        return sent.stream().filter(m -> m.body().path("type").asText().equals(type)).count();
    }

    private List<Message> errors() {
        return sent.stream().filter(m -> m.body().path("type").asText().equals("error")).toList();
    }

    @Test
    void sendsToMoreKeysThanTheBoundAreRefusedWithADefinite11() {
        NodeHost host = soloLeader();
        int over = 7;
        for (int k = 0; k < KafkaNode.MAX_KEYS + over; k++) {
            deliver(host, "c1", "{\"type\":\"send\",\"key\":\"k" + k + "\",\"msg\":" + k);
            if (k % 1000 == 0) {
                settle(host);
            }
        }
        settle(host);
        assertEquals(KafkaNode.MAX_KEYS, replies("send_ok"));
        List<Message> errors = errors();
        assertEquals(over, errors.size());
        assertTrue(errors.stream().allMatch(m -> m.body().path("code").asInt() == 11), errors::toString);
        assertTrue(errors.get(0).body().path("text").asText().contains("nothing was appended"));
        deliver(host, "c1", "{\"type\":\"send\",\"key\":\"k5\",\"msg\":1");
        settle(host);
        assertEquals(KafkaNode.MAX_KEYS + 1, replies("send_ok"), "a key it keeps still takes sends");
    }

    @Test
    void commitsNamingMoreKeysThanTheBoundAreRefusedWithADefinite11() {
        NodeHost host = soloLeader();
        int perCommit = 20_000;
        for (int c = 0; c < KafkaNode.MAX_KEYS / perCommit + 1; c++) {
            StringBuilder offsets = new StringBuilder("{");
            for (int k = c * perCommit; k < (c + 1) * perCommit; k++) {
                offsets.append(k == c * perCommit ? "" : ",").append("\"k").append(k).append("\":1");
            }
            deliver(host, "c1", "{\"type\":\"commit_offsets\",\"offsets\":" + offsets + "}");
            settle(host);
        }
        assertEquals(KafkaNode.MAX_KEYS / perCommit, replies("commit_offsets_ok"));
        assertEquals(List.of(11), errors().stream().map(m -> m.body().path("code").asInt()).toList());
        deliver(host, "c1", "{\"type\":\"list_committed_offsets\",\"keys\":[\"k0\",\"k" + KafkaNode.MAX_KEYS + "\"]");
        Message listed = sent.get(sent.size() - 1);
        assertEquals(1, listed.body().path("offsets").path("k0").asInt());
        assertTrue(listed.body().path("offsets").path("k" + KafkaNode.MAX_KEYS).isMissingNode(),
                "nothing of the refused commit was kept: " + listed.body());
    }
}
