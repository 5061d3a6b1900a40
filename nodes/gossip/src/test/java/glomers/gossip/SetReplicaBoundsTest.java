package glomers.gossip;

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

/** A replica's clients can make it hold a bounded number of values; past it, new ones get a definite 11. */
class SetReplicaBoundsTest {

    private final List<Message> sent = new ArrayList<>();
    private int msgId = 1;
    private SetReplica replica;

    private Message deliver(NodeHost host, String body) {
        try {
            host.onMessage(MessageCodec.parse("{\"src\":\"c1\",\"dest\":\"n0\",\"body\":" + body + ",\"msg_id\":"
                    + msgId++ + "}}"));
        } catch (MalformedMessageException e) {
            throw new AssertionError(e);
        }
        return sent.get(sent.size() - 1);
    }

    @Test
    void newValuesPastTheBoundAreRefusedAndKnownOnesStillAnswered() {
        int max = 10_000;
        NodeHost host = new NodeHost((env, handlers) -> {
            replica = new SetReplica(env, handlers, Profile.fromArgs(List.of()), max);
            handlers.on("add", request -> {
                replica.add(request.body().get("element"));
                request.reply("add_ok");
            });
        }, SystemClock.REAL, new SplittableRandom(4), sent::add,
                new StreamLog(line -> { }, Log.Level.WARN, StreamLog.Format.PLAIN), List.of("metrics-ms=0"));
        deliver(host, "{\"type\":\"init\",\"node_id\":\"n0\",\"node_ids\":[\"n0\"]");
        for (int v = 0; v < max; v++) {
            assertEquals("add_ok", deliver(host, "{\"type\":\"add\",\"element\":" + v).body().path("type").asText());
        }
        Message refused = deliver(host, "{\"type\":\"add\",\"element\":" + max);
        assertEquals(11, refused.body().path("code").asInt(), refused::toString);
        assertEquals(11, deliver(host, "{\"type\":\"add\",\"element\":\"not an int\"").body().path("code").asInt());
        assertEquals("add_ok", deliver(host, "{\"type\":\"add\",\"element\":17").body().path("type").asText(),
                "a value it holds is still acknowledged");
        assertEquals(11, deliver(host, "{\"type\":\"add\",\"element\":" + max).body().path("code").asInt(),
                "refused again: the first refusal kept nothing (a held value would be acknowledged)");
    }
}
