package glomers.harness.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.harness.check.RwRegisterChecker;
import glomers.harness.client.Outcome;
import glomers.harness.gen.ClientGenerator;
import glomers.harness.gen.OpSpec;
import glomers.harness.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** txn-rw-register as txn_rw_register.clj and Elle's wr-txns generator define it. */
class TxnRwRegisterWorkloadTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DRAWS = 40_000;

    private static Workload workload(Optional<Integer> keyCount, int maxLength, int maxWrites) {
        return Workloads.create("txn-rw-register", new WorkloadOptions(List.of("n0", "n1"), 4, "grid", keyCount,
                maxLength, maxWrites, "read-committed", 0));
    }

    private static Workload workload() {
        return workload(Optional.empty(), 4, 16);
    }

    private static List<JsonNode> txns(Workload w, long seed, int n) {
        ClientGenerator gen = w.generator(new SplittableRandom(seed), 4);
        List<JsonNode> txns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            OpSpec op = gen.next(i % 4);
            assertEquals("txn", op.f());
            assertFalse(op.finalRead());
            txns.add(op.value());
        }
        return txns;
    }

    @Test
    void txnsAreOneToMaxLongHalfReadsOfNullHalfWrites() {
        int[] lengths = new int[5];
        int reads = 0;
        int mops = 0;
        for (JsonNode txn : txns(workload(), 61, DRAWS)) {
            lengths[txn.size()]++;
            for (JsonNode mop : txn) {
                assertEquals(3, mop.size(), mop.toString());
                assertTrue(mop.get(1).isIntegralNumber(), "keys are JSON integers: " + mop);
                mops++;
                if (mop.get(0).textValue().equals("r")) {
                    reads++;
                    assertTrue(mop.get(2).isNull(), mop.toString());
                } else {
                    assertEquals("w", mop.get(0).textValue());
                    assertTrue(mop.get(2).isIntegralNumber(), mop.toString());
                }
            }
        }
        assertEquals(0, lengths[0]);
        for (int len = 1; len <= 4; len++) {
            assertTrue(Math.abs(lengths[len] / (double) DRAWS - 0.25) < 0.01, "length " + len + ": " + lengths[len]);
        }
        // A write to a used-up key retires it and draws the micro-op again, a read never does,
        // so reads come out a little above half, as in Elle.
        double share = reads / (double) mops;
        assertTrue(share > 0.5 && share < 0.53, "reads " + reads + " of " + mops);
    }

    @Test
    void eachKeyIsWrittenOneToMaxWritesThenReplacedByTheNextFreshKey() {
        // A used-up key may still be read until a write to it is drawn; then its slot moves on.
        Map<Long, Long> lastWrite = new HashMap<>();
        Set<Long> retired = new HashSet<>();
        for (JsonNode txn : txns(workload(), 62, DRAWS)) {
            for (JsonNode mop : txn) {
                long k = mop.get(1).longValue();
                if (mop.get(0).textValue().equals("w")) {
                    assertFalse(retired.contains(k), "key " + k + " had its 16 writes, yet is written again");
                    long v = mop.get(2).longValue();
                    assertEquals(lastWrite.getOrDefault(k, 0L) + 1, v, "writes of key " + k + " count up");
                    lastWrite.put(k, v);
                    if (v == 16) {
                        retired.add(k);
                    }
                }
            }
        }
        assertTrue(retired.size() > 100, "keys are used up and replaced: " + retired.size());
    }

    @Test
    void aUsedUpKeysSlotGetsTheLargestActiveKeyPlusOne() {
        KeySlots slots = new KeySlots(3, 2);
        assertEquals(1, slots.takeWrite(1));
        assertEquals(2, slots.takeWrite(1));
        assertEquals(-1, slots.takeWrite(1), "a third write would exceed the maximum");
        Set<Long> picked = new HashSet<>();
        SplittableRandom r = new SplittableRandom(65);
        for (int i = 0; i < 1_000; i++) {
            picked.add(slots.pick(r));
        }
        assertEquals(Set.of(0L, 2L, 3L), picked);
        assertEquals(1, slots.takeWrite(3), "a fresh key starts counting at 1");
    }

    @Test
    void theLastSlotGetsHalfThePicksAndSlotIOneIn2046Times2ToTheIPlusOne() {
        KeySlots slots = new KeySlots(10, Integer.MAX_VALUE);
        SplittableRandom r = new SplittableRandom(63);
        int[] counts = new int[10];
        int n = 400_000;
        for (int i = 0; i < n; i++) {
            counts[(int) slots.pick(r)]++;
        }
        for (int i = 0; i < 10; i++) {
            double expected = Math.pow(2, i + 1) / 2046;
            assertTrue(Math.abs(counts[i] / (double) n - expected) < 0.005, "slot " + i + ": " + counts[i]);
        }
    }

    @Test
    void keyCountAndTxnShapeFollowTheOptions() {
        Set<Long> keys = new HashSet<>();
        for (JsonNode txn : txns(workload(Optional.of(3), 2, 1_000_000), 64, 5_000)) {
            assertTrue(txn.size() >= 1 && txn.size() <= 2, txn.toString());
            txn.forEach(mop -> keys.add(mop.get(1).longValue()));
        }
        assertEquals(Set.of(0L, 1L, 2L), keys);
    }

    @Test
    void theRequestCarriesTheTxnAndTheClientIsReusableWithErrorsAndNotIdempotent() {
        Workload w = workload();
        JsonNode txn = json("[[\"r\",1,null],[\"w\",2,3]]");
        assertEquals(json("{\"type\":\"txn\",\"txn\":[[\"r\",1,null],[\"w\",2,3]]}"), w.requestBody(OpSpec.of("txn", txn)));
        assertTrue(w.reusableClients());
        assertTrue(w.withErrors());
        assertFalse(w.idempotent("txn"));
        assertFalse(w.hasFinalPhase());
        assertTrue(w.checkers().get(0) instanceof RwRegisterChecker);
    }

    private static Outcome outcome(String reply) {
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
        workload().invoke(session, OpSpec.of("txn", json("[[\"r\",1,null],[\"w\",2,3]]")), out::add);
        assertEquals(1, out.size());
        return out.get(0);
    }

    @Test
    void theOkValueIsTheRepliedTxnWhateverItsKeysAndValues() {
        Outcome ok = outcome("{\"type\":\"txn_ok\",\"txn\":[[\"r\",1,{}],[\"w\",2,3]],\"in_reply_to\":1}");
        assertEquals(Op.Type.OK, ok.type());
        assertEquals(json("[[\"r\",1,{}],[\"w\",2,3]]"), ok.value());
        assertEquals(Op.Type.OK, outcome("{\"type\":\"txn_ok\",\"txn\":[],\"in_reply_to\":1}").type());
    }

    @Test
    void repliesOutsideTheClosedSchemaAreIndeterminate() {
        for (String bad : List.of(
                "{\"type\":\"txn_ok\",\"txn\":[[\"r\",1]],\"in_reply_to\":1}",
                "{\"type\":\"txn_ok\",\"txn\":[[\"r\",1,2,3]],\"in_reply_to\":1}",
                "{\"type\":\"txn_ok\",\"txn\":[[\"x\",1,2]],\"in_reply_to\":1}",
                "{\"type\":\"txn_ok\",\"txn\":[{\"f\":\"r\"}],\"in_reply_to\":1}",
                "{\"type\":\"txn_ok\",\"txn\":{},\"in_reply_to\":1}",
                "{\"type\":\"txn_ok\",\"in_reply_to\":1}",
                "{\"type\":\"txn_ok\",\"txn\":[],\"extra\":1,\"in_reply_to\":1}")) {
            Outcome o = outcome(bad);
            assertEquals(Op.Type.INFO, o.type(), bad);
            assertTrue(o.error().contains("malformed-rpc-response"), o.error());
        }
    }

    @Test
    void definiteErrorsFailTheTxnAndTimeoutsOrIndefiniteOnesLeaveItOpen() {
        assertEquals(Op.Type.INFO, outcome(null).type());
        Outcome conflict = outcome("{\"type\":\"error\",\"code\":30,\"text\":\"txn conflict\",\"in_reply_to\":1}");
        assertEquals(Op.Type.FAIL, conflict.type());
        assertEquals("[:txn-conflict \"txn conflict\"]", conflict.error());
        assertEquals(json("[[\"r\",1,null],[\"w\",2,3]]"), conflict.value(), "a failed txn keeps its invoked value");
        assertEquals(Op.Type.FAIL,
                outcome("{\"type\":\"error\",\"code\":11,\"text\":\"busy\",\"in_reply_to\":1}").type());
        assertEquals(Op.Type.INFO,
                outcome("{\"type\":\"error\",\"code\":13,\"text\":\"crash\",\"in_reply_to\":1}").type());
        assertEquals(Op.Type.INFO,
                outcome("{\"type\":\"error\",\"code\":1000,\"text\":\"mine\",\"in_reply_to\":1}").type());
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
