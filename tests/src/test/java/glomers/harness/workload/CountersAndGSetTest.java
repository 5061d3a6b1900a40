package glomers.harness.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.harness.check.CounterChecker;
import glomers.harness.check.SetFullChecker;
import glomers.harness.client.Outcome;
import glomers.harness.gen.ClientGenerator;
import glomers.harness.gen.OpSpec;
import glomers.harness.history.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The g-counter, pn-counter and g-set workloads as g_counter.clj, pn_counter.clj and g_set.clj define them. */
class CountersAndGSetTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DRAWS = 60_000;

    private static Workload workload(String name) {
        return Workloads.create(name, new WorkloadOptions(List.of("n0"), 1, "grid", Optional.empty(), 4, 16,
                "strict-serializable", 0));
    }

    /** How often each op appears in DRAWS ops: "read", and "add d" per delta d. */
    private static Map<String, Integer> mix(String name, long seed) {
        ClientGenerator gen = workload(name).generator(new SplittableRandom(seed), 1);
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < DRAWS; i++) {
            OpSpec op = gen.next(0);
            assertFalse(op.finalRead());
            counts.merge(op.f().equals("read") ? "read" : "add " + op.value().longValue(), 1, Integer::sum);
        }
        return counts;
    }

    private static void assertNear(double expected, int count, String what) {
        double fraction = (double) count / DRAWS;
        assertTrue(Math.abs(fraction - expected) < 0.01, what + ": " + fraction + ", expected " + expected);
    }

    @Test
    void pnCounterMixesHalfReadsAndDeltasFromMinusFiveToFour() {
        Map<String, Integer> counts = mix("pn-counter", 41);
        assertNear(0.5, counts.get("read"), "reads");
        for (int d = -5; d <= 4; d++) {
            assertNear(0.05, counts.getOrDefault("add " + d, 0), "add " + d);
        }
        assertEquals(11, counts.size(), "reads and the ten deltas, nothing else: " + counts);
    }

    @Test
    void gCounterFiltersNegativeAddsSoReadsAreTwoThirds() {
        Map<String, Integer> counts = mix("g-counter", 42);
        assertNear(2.0 / 3, counts.get("read"), "reads");
        for (int d = 0; d <= 4; d++) {
            assertNear(1.0 / 15, counts.getOrDefault("add " + d, 0), "add " + d + ", 0 included");
        }
        assertEquals(6, counts.size(), "no negative delta: " + counts);
    }

    @Test
    void gSetAddsCountUpInEmissionOrderHalfTheTime() {
        ClientGenerator gen = workload("g-set").generator(new SplittableRandom(43), 3);
        long next = 0;
        int reads = 0;
        for (int i = 0; i < DRAWS; i++) {
            OpSpec op = gen.next(i % 3);
            if (op.f().equals("add")) {
                assertEquals(next++, op.value().longValue());
            } else {
                assertEquals("read", op.f());
                reads++;
            }
        }
        assertNear(0.5, reads, "reads");
    }

    @Test
    void requestBodiesCarryDeltaAndElement() {
        assertEquals(json("{\"type\":\"add\",\"delta\":-3}"),
                workload("pn-counter").requestBody(OpSpec.of("add", json("-3"))));
        assertEquals(json("{\"type\":\"read\"}"),
                workload("g-counter").requestBody(OpSpec.of("read", NullNode.getInstance())));
        assertEquals(json("{\"type\":\"add\",\"element\":7}"), workload("g-set").requestBody(OpSpec.of("add", json("7"))));
        assertEquals(json("{\"type\":\"read\"}"), workload("g-set").requestBody(OpSpec.of("read", NullNode.getInstance())));
    }

    @Test
    void finalReadsAreFinalForCountersOnly() {
        for (String name : List.of("g-counter", "pn-counter", "g-set")) {
            Workload w = workload(name);
            assertTrue(w.hasFinalPhase(), name);
            OpSpec op = w.finalOp(0).orElseThrow();
            assertEquals("read", op.f(), name);
            assertEquals(!name.equals("g-set"), op.finalRead(), name + ": g_set.clj's final read has no :final?");
        }
    }

    @Test
    void clientsAreNotReusableAndHaveNoWithErrors() {
        for (String name : List.of("g-counter", "pn-counter", "g-set")) {
            Workload w = workload(name);
            assertFalse(w.reusableClients(), name);
            assertFalse(w.withErrors(), name);
            assertFalse(w.idempotent("read") || w.idempotent("add"), name);
        }
        assertTrue(workload("g-counter").checkers().get(0) instanceof CounterChecker);
        assertTrue(workload("pn-counter").checkers().get(0) instanceof CounterChecker);
        assertTrue(workload("g-set").checkers().get(0) instanceof SetFullChecker);
    }

    /** The outcome of one op whose reply is {@code reply} (null: a timeout). */
    private static Outcome outcome(String name, OpSpec op, String reply) {
        List<Outcome> out = new ArrayList<>();
        ClientSession session = new ClientSession() {
            @Override
            public void call(ObjectNode body, long timeoutNanos, Consumer<ObjectNode> done) {
                done.accept(reply == null ? null : (ObjectNode) json(reply));
            }

            @Override
            public Map<String, Object> state() {
                return Map.of();
            }
        };
        workload(name).invoke(session, op, out::add);
        assertEquals(1, out.size());
        return out.get(0);
    }

    @Test
    void counterRepliesFollowClosedSchemas() {
        OpSpec read = OpSpec.of("read", NullNode.getInstance());
        OpSpec add = OpSpec.of("add", json("4"));
        Outcome ok = outcome("g-counter", read, "{\"type\":\"read_ok\",\"value\":12,\"in_reply_to\":1}");
        assertEquals(Op.Type.OK, ok.type());
        assertEquals(json("12"), ok.value());
        Outcome added = outcome("pn-counter", add, "{\"type\":\"add_ok\",\"in_reply_to\":1,\"msg_id\":9}");
        assertEquals(Op.Type.OK, added.type());
        assertEquals(json("4"), added.value(), "an ok add keeps its delta");
        for (String bad : List.of(
                "{\"type\":\"read_ok\",\"value\":12.0,\"in_reply_to\":1}",
                "{\"type\":\"read_ok\",\"value\":\"12\",\"in_reply_to\":1}",
                "{\"type\":\"read_ok\",\"value\":12345678901234567890,\"in_reply_to\":1}",
                "{\"type\":\"read_ok\",\"value\":12,\"extra\":1,\"in_reply_to\":1}",
                "{\"type\":\"read_ok\",\"in_reply_to\":1}")) {
            Outcome o = outcome("g-counter", read, bad);
            assertEquals(Op.Type.INFO, o.type(), bad);
            assertTrue(o.error().contains("malformed-rpc-response"), o.error());
        }
        assertEquals(Op.Type.INFO, outcome("pn-counter", add, "{\"type\":\"add_ok\",\"delta\":4,\"in_reply_to\":1}").type());
    }

    @Test
    void everyErrorAndTimeoutIsIndeterminateEvenForReads() {
        for (String name : List.of("g-counter", "pn-counter", "g-set")) {
            for (OpSpec op : List.of(OpSpec.of("read", NullNode.getInstance()), OpSpec.of("add", json("1")))) {
                assertEquals(Op.Type.INFO, outcome(name, op, null).type(), name + " " + op.f() + " timeout");
                Outcome definite = outcome(name, op,
                        "{\"type\":\"error\",\"code\":11,\"text\":\"busy\",\"in_reply_to\":1}");
                assertEquals(Op.Type.INFO, definite.type(), name + " " + op.f() + ": no with-errors, so even code 11");
            }
        }
    }

    @Test
    void gSetReadsAnArray() {
        OpSpec read = OpSpec.of("read", NullNode.getInstance());
        Outcome ok = outcome("g-set", read, "{\"type\":\"read_ok\",\"value\":[0,2],\"in_reply_to\":1}");
        assertEquals(Op.Type.OK, ok.type());
        assertEquals(json("[0,2]"), ok.value());
        assertEquals(Op.Type.INFO, outcome("g-set", read, "{\"type\":\"read_ok\",\"value\":{},\"in_reply_to\":1}").type());
        assertEquals(Op.Type.INFO,
                outcome("g-set", read, "{\"type\":\"read_ok\",\"elements\":[0],\"in_reply_to\":1}").type(),
                "the field is value, whatever g_set.clj's docstring says");
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
