package glomers.harness.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.harness.client.Outcome;
import glomers.harness.gen.ClientGenerator;
import glomers.harness.gen.OpSpec;
import glomers.harness.history.Op;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** lin_kv.clj's generator and client as Maelstrom builds them (see {@link LinKvGenerator}). */
class LinKvWorkloadTest {

    private static Workload workload(int nodes, int concurrency, long latencyMs) {
        List<String> ids = java.util.stream.IntStream.range(0, nodes).mapToObj(i -> "n" + i).toList();
        return Workloads.create("lin-kv", new WorkloadOptions(ids, concurrency, "grid", Optional.empty(), 4, 16,
                "strict-serializable", latencyMs));
    }

    @Test
    void concurrencyMustBeAPositiveMultipleOfTwiceTheNodeCount() {
        for (int concurrency : new int[] {3, 4, 8, 0}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> workload(3, concurrency, 0));
            assertTrue(e.getMessage().contains("multiple of 2n"), e.getMessage());
        }
        workload(3, 12, 0);
    }

    @Test
    void eachGroupHasItsKeyOnlyTheFirstNThreadsReadAndCasIsTwiceAsCommonAsWrite() {
        ClientGenerator gen = workload(3, 12, 0).generator(new SplittableRandom(5), 12);
        int writes = 0;
        int cas = 0;
        for (int i = 0; i < 12_000; i++) {
            int thread = i % 12;
            OpSpec op = gen.next(thread);
            assertEquals(thread < 6 ? 0 : 1, op.value().get(0).intValue(), "group " + thread / 6 + "'s key: " + op);
            assertEquals(thread < 3, op.f().equals("read"), "thread " + thread + ": " + op);
            switch (op.f()) {
                case "read" -> assertTrue(op.value().get(1).isNull(), op.toString());
                case "write" -> {
                    writes++;
                    assertTrue(op.value().get(1).intValue() >= 0 && op.value().get(1).intValue() < 5, op.toString());
                }
                default -> {
                    cas++;
                    assertEquals(2, op.value().get(1).size(), op.toString());
                }
            }
        }
        assertTrue(Math.abs(cas / (double) (cas + writes) - 2 / 3.0) < 0.02, cas + " cas, " + writes + " writes");
    }

    @Test
    void aKeyIsRetiredWhenItsGroupWouldPassTwentyProcesses() {
        ClientGenerator gen = workload(3, 12, 0).generator(new SplittableRandom(6), 12);
        Outcome info = new Outcome(Op.Type.INFO, null, ":net-timeout");
        // 6 processes to start; each :info adds one; 14 make 20, the limit.
        for (int i = 0; i < 14; i++) {
            OpSpec op = gen.next(3);
            gen.onComplete(3, op, info);
        }
        assertEquals(0, gen.next(4).value().get(0).intValue(), "20 processes: key 0 still");
        gen.onComplete(4, gen.next(4), info);
        assertEquals(2, gen.next(0).value().get(0).intValue(), "21: the next unused key (group 1 holds 1)");
        assertEquals(1, gen.next(7).value().get(0).intValue(), "the other group keeps its key");
    }

    @Test
    void requestsAndOkValuesAreMaelstromsAndTheClientWaitsOneSecond() {
        Workload w = workload(1, 2, 0);
        JsonNodeFactory f = JsonNodeFactory.instance;
        OpSpec cas = OpSpec.of("cas", f.arrayNode().add(3).add(f.arrayNode().add(1).add(2)));
        assertEquals("{\"type\":\"cas\",\"key\":3,\"from\":1,\"to\":2}", w.requestBody(cas).toString());
        OpSpec read = OpSpec.of("read", f.arrayNode().add(3).addNull());
        assertEquals("{\"type\":\"read\",\"key\":3}", w.requestBody(read).toString());
        ObjectNode readOk = f.objectNode().put("type", "read_ok").put("in_reply_to", 1);
        assertEquals("missing field value", w.replySchema("read").violation(readOk));
        readOk.putNull("value");
        assertEquals(null, w.replySchema("read").violation(readOk));
        assertEquals("[3,null]", w.okValue(read, readOk).toString());
        assertEquals(1_000_000_000L, w.timeoutNanos("read"));
        assertEquals(2_000_000_000L, workload(1, 2, 200).timeoutNanos("cas"));
        assertTrue(w.reusableClients() && w.idempotent("read") && !w.idempotent("cas"));
    }
}
