package glomers.harness.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.harness.check.ListAppendChecker;
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

/** txn-list-append as txn_list_append.clj and Elle's append-txns generator define it. */
class TxnListAppendWorkloadTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Workload workload() {
        return Workloads.create("txn-list-append", new WorkloadOptions(List.of("n0", "n1"), 4, "grid",
                Optional.empty(), 4, 16, "strict-serializable", 0));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    @Test
    void txnsReadNullOrAppendElementsUniquePerKeyCountingFromOne() {
        ClientGenerator gen = workload().generator(new SplittableRandom(91), 4);
        Map<Long, Long> lastElement = new HashMap<>();
        Set<Long> keys = new HashSet<>();
        int appends = 0;
        for (int i = 0; i < 20_000; i++) {
            OpSpec op = gen.next(i % 4);
            assertEquals("txn", op.f());
            assertTrue(op.value().size() >= 1 && op.value().size() <= 4, op.value().toString());
            for (JsonNode mop : op.value()) {
                long k = mop.get(1).longValue();
                keys.add(k);
                if (mop.get(0).textValue().equals("r")) {
                    assertTrue(mop.get(2).isNull(), mop.toString());
                    continue;
                }
                assertEquals("append", mop.get(0).textValue());
                long e = mop.get(2).longValue();
                assertEquals(lastElement.getOrDefault(k, 0L) + 1, e, "elements count up per key: " + mop);
                assertTrue(e <= 16, "at most --max-writes-per-key per key: " + mop);
                lastElement.put(k, e);
                appends++;
            }
        }
        assertTrue(appends > 20_000, "about half of ~50,000 micro-ops append: " + appends);
        assertTrue(keys.size() > appends / 16, "used-up keys are replaced by fresh ones: " + keys.size());
    }

    @Test
    void theClientIsReusableWithErrorsAndCheckedByElleListAppend() {
        Workload w = workload();
        assertTrue(w.reusableClients());
        assertTrue(w.withErrors());
        assertTrue(!w.idempotent("txn"));
        assertTrue(w.checkers().get(0) instanceof ListAppendChecker);
        ObjectNode body = w.requestBody(OpSpec.of("txn", json("[[\"r\",1,null],[\"append\",1,2]]")));
        assertEquals(json("{\"type\":\"txn\",\"txn\":[[\"r\",1,null],[\"append\",1,2]]}"), body);
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
        workload().invoke(session, OpSpec.of("txn", json("[[\"r\",1,null],[\"append\",1,2]]")), out::add);
        return out.get(0);
    }

    @Test
    void aReadIsAListOrNullAndAnythingElseIsAMalformedReply() {
        Outcome ok = outcome("{\"type\":\"txn_ok\",\"txn\":[[\"r\",1,[1]],[\"append\",1,2]],\"in_reply_to\":1}");
        assertEquals(Op.Type.OK, ok.type());
        assertEquals(json("[[\"r\",1,[1]],[\"append\",1,2]]"), ok.value());
        assertEquals(Op.Type.OK, outcome("{\"type\":\"txn_ok\",\"txn\":[[\"r\",1,null]],\"in_reply_to\":1}").type());
        for (String bad : List.of("{\"type\":\"txn_ok\",\"txn\":[[\"r\",1,2]],\"in_reply_to\":1}",
                "{\"type\":\"txn_ok\",\"txn\":[[\"w\",1,2]],\"in_reply_to\":1}",
                "{\"type\":\"txn_ok\",\"txn\":[[\"append\",1]],\"in_reply_to\":1}")) {
            assertEquals(Op.Type.INFO, outcome(bad).type(), bad);
        }
        assertEquals(Op.Type.FAIL, outcome("{\"type\":\"error\",\"code\":30,\"text\":\"c\",\"in_reply_to\":1}").type());
        assertEquals(Op.Type.INFO, outcome(null).type());
    }
}
