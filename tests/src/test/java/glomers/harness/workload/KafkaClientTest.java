package glomers.harness.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.harness.client.Outcome;
import glomers.harness.gen.OpSpec;
import glomers.harness.history.Op;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** kafka.clj's client: the RPCs each op sends, the offsets it keeps, and how its outcomes read. */
class KafkaClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A session that records requests and answers each with the next scripted reply (null: timeout). */
    private static final class Scripted implements ClientSession {
        final List<JsonNode> requests = new ArrayList<>();
        final Deque<String> replies = new ArrayDeque<>();
        final Map<String, Object> state = new LinkedHashMap<>();

        @Override
        public void call(ObjectNode body, long timeoutNanos, Consumer<ObjectNode> reply) {
            requests.add(json(body.toString())); // as the wire carries it: numbers reparsed
            String r = replies.removeFirst();
            reply.accept(r.equals("timeout") ? null : (ObjectNode) json(r));
        }

        @Override
        public Map<String, Object> state() {
            return state;
        }
    }

    private final Workload kafka = Workloads.create("kafka", new WorkloadOptions(List.of("n0"), 2, "grid",
            Optional.empty(), 1, 16, "strict-serializable", 0));
    private final Scripted session = new Scripted();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private Outcome run(String f, String value, String... replies) {
        session.replies.addAll(List.of(replies));
        Outcome[] out = new Outcome[1];
        kafka.invoke(session, OpSpec.of(f, json(value)), o -> out[0] = o);
        return out[0];
    }

    private JsonNode lastRequest() {
        return session.requests.get(session.requests.size() - 1);
    }

    @Test
    void assignStartsEachKeyAtItsCommittedOffsetAndPollCommitsTheHighestReturned() {
        Outcome a = run("assign", "[\"1\",\"2\"]", "{\"type\":\"list_committed_offsets_ok\",\"in_reply_to\":1,\"offsets\":{\"1\":3}}");
        assertEquals(Op.Type.OK, a.type());
        assertEquals(json("{\"type\":\"list_committed_offsets\",\"keys\":[\"1\",\"2\"]}"), lastRequest());
        Outcome p = run("poll", "[[\"poll\"]]",
                "{\"type\":\"poll_ok\",\"in_reply_to\":2,\"msgs\":{\"1\":[[3,7],[4,8]]}}",
                "{\"type\":\"commit_offsets_ok\",\"in_reply_to\":3}");
        assertEquals(json("{\"type\":\"poll\",\"offsets\":{\"1\":3,\"2\":0}}"), session.requests.get(1),
                "the committed offset itself, not one past it; 0 for a key never committed");
        assertEquals(json("{\"type\":\"commit_offsets\",\"offsets\":{\"1\":4}}"), lastRequest());
        assertEquals(json("[[\"poll\",{\"1\":[[3,7],[4,8]]}]]"), p.value());
        run("poll", "[[\"poll\"]]", "{\"type\":\"poll_ok\",\"in_reply_to\":4,\"msgs\":{}}");
        assertEquals(json("{\"type\":\"poll\",\"offsets\":{\"1\":5,\"2\":0}}"), lastRequest(),
                "one past the highest returned; an empty poll commits nothing");
        run("assign", "[\"1\"]", "{\"type\":\"list_committed_offsets_ok\",\"in_reply_to\":5,\"offsets\":{\"1\":0}}");
        run("poll", "[[\"poll\"]]", "{\"type\":\"poll_ok\",\"in_reply_to\":6,\"msgs\":{}}");
        assertEquals(json("{\"type\":\"poll\",\"offsets\":{\"1\":5}}"), lastRequest(),
                "a key already assigned keeps its own offset; one left out is dropped");
    }

    @Test
    void aFailedCommitFailsThePollThoughItsOffsetsMoved() {
        Outcome p = run("poll", "[[\"poll\"]]", "{\"type\":\"poll_ok\",\"in_reply_to\":1,\"msgs\":{\"1\":[[0,7]]}}",
                "{\"type\":\"error\",\"in_reply_to\":2,\"code\":11,\"text\":\"later\"}");
        assertEquals(Op.Type.FAIL, p.type());
        assertEquals(json("[[\"poll\"]]"), p.value());
        run("poll", "[[\"poll\"]]", "{\"type\":\"poll_ok\",\"in_reply_to\":3,\"msgs\":{}}");
        assertEquals(json("{\"type\":\"poll\",\"offsets\":{\"1\":1}}"), lastRequest());
    }

    @Test
    void sendCompletesWithItsOffsetAndCrashIsInfoWithNoRpc() {
        Outcome s = run("send", "[[\"send\",\"7\",3]]", "{\"type\":\"send_ok\",\"in_reply_to\":1,\"offset\":2}");
        assertEquals(json("{\"type\":\"send\",\"key\":\"7\",\"msg\":3}"), lastRequest());
        assertEquals(json("[[\"send\",\"7\",[2,3]]]"), s.value());
        assertEquals(Op.Type.INFO, run("send", "[[\"send\",\"7\",4]]", "timeout").type());
        assertEquals(Op.Type.FAIL, run("assign", "[\"7\"]", "timeout").type(), "assign is idempotent");
        int before = session.requests.size();
        assertEquals(Op.Type.INFO, run("crash", "null").type());
        assertEquals(before, session.requests.size());
    }

    @Test
    void finalAssignsSeekToTheBeginningWithoutAnRpc() {
        run("poll", "[[\"poll\"]]", "{\"type\":\"poll_ok\",\"in_reply_to\":1,\"msgs\":{\"1\":[[4,7]]}}",
                "{\"type\":\"commit_offsets_ok\",\"in_reply_to\":2}");
        kafka.generator(new SplittableRandom(1), 2);
        kafka.finalGenerator(new SplittableRandom(2));
        int before = session.requests.size();
        assertEquals(Op.Type.OK, run("assign", "[\"1\",\"2\"]").type());
        assertEquals(before, session.requests.size());
        run("poll", "[[\"poll\"]]", "{\"type\":\"poll_ok\",\"in_reply_to\":3,\"msgs\":{}}");
        assertEquals(json("{\"type\":\"poll\",\"offsets\":{\"1\":0,\"2\":0}}"), lastRequest());
    }
}
