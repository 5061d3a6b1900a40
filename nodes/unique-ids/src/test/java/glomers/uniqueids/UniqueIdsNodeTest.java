package glomers.uniqueids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Env;
import glomers.core.ErrorCode;
import glomers.core.Log;
import glomers.core.RpcCallback;
import glomers.core.RpcError;
import glomers.core.StdioRuntime;
import glomers.core.StreamLog;
import glomers.core.Timer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UniqueIdsNodeTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Only identity is needed to compute the node index. */
    record IdentityEnv(String nodeId, List<String> nodeIds) implements Env {
        @Override public List<String> args() { return List.of(); }
        @Override public long nowNanos() { throw new UnsupportedOperationException(); }
        @Override public long epochMillis() { throw new UnsupportedOperationException(); }
        @Override public RandomGenerator random() { throw new UnsupportedOperationException(); }
        @Override public void send(String dest, ObjectNode body) { throw new UnsupportedOperationException(); }
        @Override public void rpc(String dest, ObjectNode body, long timeoutNanos, RpcCallback callback) { throw new UnsupportedOperationException(); }
        @Override public Timer after(long delayNanos, Runnable task) { throw new UnsupportedOperationException(); }
        @Override public Timer every(long periodNanos, Runnable task) { throw new UnsupportedOperationException(); }
        @Override public Log log() { throw new UnsupportedOperationException(); }
        @Override public glomers.core.Metrics metrics() { throw new UnsupportedOperationException(); }
    }

    @Test
    void nodeIndexIsThePositionInTheSortedIdsAndDistinct() {
        qt().withExamples(60)
                .forAll(lists().of(strings().allPossible().ofLengthBetween(0, 12)).ofSizeBetween(1, SnowflakeGenerator.MAX_NODES)
                        .map(l -> List.copyOf(new LinkedHashSet<>(l))))
                .checkAssert(ids -> {
                    List<String> sorted = ids.stream().sorted().collect(Collectors.toList());
                    Set<Integer> seen = new HashSet<>();
                    for (String id : ids) {
                        int index = nodeIndex(id, ids);
                        assertEquals(sorted.indexOf(id), index, "index of " + id);
                        assertTrue(index >= 0 && index < SnowflakeGenerator.MAX_NODES);
                        assertTrue(seen.add(index), () -> "two nodes share index " + index);
                    }
                });
    }

    @Test
    void nodeIndexDoesNotDependOnTheOrderInitGivesTheIds() {
        qt().withExamples(200)
                .forAll(integers().between(1, 50), integers().between(0, Integer.MAX_VALUE))
                .checkAssert((n, seed) -> {
                    List<String> ids = IntStream.range(0, n).mapToObj(i -> "n" + i).collect(Collectors.toCollection(ArrayList::new));
                    List<String> shuffled = new ArrayList<>(ids);
                    java.util.Collections.shuffle(shuffled, new java.util.Random(seed));
                    for (String id : ids) {
                        assertEquals(nodeIndex(id, ids), nodeIndex(id, shuffled));
                    }
                });
    }

    @Test
    void moreNodesThanTheNodeFieldHoldsIsRefusedWithAClearText() {
        List<String> ids = IntStream.range(0, SnowflakeGenerator.MAX_NODES + 1).mapToObj(i -> "n" + i).collect(Collectors.toList());
        RpcError error = assertThrows(RpcError.class, () -> UniqueIdsNode.nodeIndex(new IdentityEnv("n0", ids)));
        assertEquals(ErrorCode.MALFORMED_REQUEST.code(), error.code());
        assertTrue(error.text().contains("at most 1024 nodes") && error.text().contains("1025"), error.text());
    }

    static int nodeIndex(String id, List<String> ids) {
        try {
            return UniqueIdsNode.nodeIndex(new IdentityEnv(id, ids));
        } catch (RpcError e) {
            throw new AssertionError(e);
        }
    }

    // ---- through the stdio runtime, exact lines ----

    static List<JsonNode> run(String... lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] in = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        StdioRuntime.run(Main.newLogic(), List.of(), new ByteArrayInputStream(in), out, new StreamLog(l -> { }, Log.Level.INFO, StreamLog.Format.PLAIN));
        List<JsonNode> result = new ArrayList<>();
        String text = out.toString(StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            try {
                result.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + line, e);
            }
        }
        return result;
    }

    static String init(List<String> ids) {
        String list = ids.stream().map(i -> "\"" + i + "\"").collect(Collectors.joining(","));
        return "{\"src\":\"c0\",\"dest\":\"n0\",\"body\":{\"type\":\"init\",\"msg_id\":1,\"node_id\":\"n0\",\"node_ids\":[" + list + "]}}";
    }

    static String generate(String client, int msgId) {
        return "{\"src\":\"" + client + "\",\"dest\":\"n0\",\"body\":{\"type\":\"generate\",\"msg_id\":" + msgId + "}}";
    }

    @Test
    void generateOkHasExactlyTypeIdAndInReplyTo() throws IOException {
        List<JsonNode> out = run(init(List.of("n0", "n1", "n2")), generate("c3", 1), generate("c4", 1), generate("c3", 2));
        assertEquals(4, out.size());
        assertEquals(JSON.readTree("{\"src\":\"n0\",\"dest\":\"c0\",\"body\":{\"type\":\"init_ok\",\"in_reply_to\":1}}"), out.get(0));
        long previous = -1;
        String[] clients = {"c3", "c4", "c3"};
        int[] msgIds = {1, 1, 2};
        for (int i = 1; i < 4; i++) {
            JsonNode line = out.get(i);
            assertEquals(3, line.size(), line::toString);
            assertEquals("n0", line.path("src").textValue());
            assertEquals(clients[i - 1], line.path("dest").textValue());
            JsonNode body = line.get("body");
            assertEquals(Set.of("type", "id", "in_reply_to"), fieldNames(body), body::toString);
            assertEquals("generate_ok", body.path("type").textValue());
            assertEquals(msgIds[i - 1], body.path("in_reply_to").intValue());
            assertTrue(body.path("in_reply_to").isIntegralNumber());
            assertTrue(body.path("id").isIntegralNumber() && body.path("id").canConvertToLong(), body::toString);
            long id = body.path("id").longValue();
            assertTrue(id > previous);
            assertEquals(0, SnowflakeGenerator.nodeIndexOf(id));
            previous = id;
        }
    }

    @Test
    void initWithTooManyNodesIsAnErrorReplyAndTheNodeStaysUninitialised() {
        List<String> ids = IntStream.range(0, 1025).mapToObj(i -> "n" + i).collect(Collectors.toList());
        List<JsonNode> out = run(init(ids), generate("c3", 1));
        assertEquals(2, out.size());
        JsonNode initError = out.get(0).get("body");
        assertEquals(Set.of("type", "code", "text", "in_reply_to"), fieldNames(initError));
        assertEquals("error", initError.path("type").textValue());
        assertEquals(12, initError.path("code").intValue());
        assertEquals(1, initError.path("in_reply_to").intValue());
        assertTrue(initError.path("text").textValue().contains("at most 1024 nodes"), initError::toString);
        JsonNode refused = out.get(1).get("body");
        assertEquals("error", refused.path("type").textValue());
        assertEquals(11, refused.path("code").intValue(), "the node answered generate after a refused init");
    }

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
