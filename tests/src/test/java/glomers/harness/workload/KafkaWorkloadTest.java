package glomers.harness.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import glomers.harness.client.Outcome;
import glomers.harness.gen.ClientGenerator;
import glomers.harness.gen.FinalGenerator;
import glomers.harness.gen.OpSpec;
import glomers.harness.history.Op;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** kafka's generator and final polls as jepsen.tests.kafka and Maelstrom's kafka.clj build them. */
class KafkaWorkloadTest {

    private static final int DRAWS = 64_000;

    private static Workload workload() {
        return Workloads.create("kafka", new WorkloadOptions(List.of("n0", "n1"), 4, "grid", Optional.empty(), 1, 16,
                "strict-serializable", 0));
    }

    @Test
    void opsAreAboutHalfPollsHalfSendsWithAnAssignInSixtyFourAndCrashesOnTheirOwnClock() {
        ClientGenerator gen = workload().generator(new SplittableRandom(91), 4);
        Map<String, Integer> fs = new HashMap<>();
        Map<String, Long> lastValue = new HashMap<>();
        long now = 0;
        for (int i = 0; i < DRAWS; i++) {
            now += 1_000_000L; // one op per ms: 64 s
            OpSpec op = gen.next(i % 4, now);
            fs.merge(op.f(), 1, Integer::sum);
            if (op.f().equals("send")) {
                JsonNode mop = op.value().get(0);
                assertTrue(mop.get(1).isTextual(), "keys are strings: " + op);
                long v = mop.get(2).asLong();
                Long prev = lastValue.put(mop.get(1).asText(), v);
                assertEquals(prev == null ? 1 : prev + 1, v, "values count 1, 2, ... per key: " + op);
                assertTrue(v <= 16, "max-writes-per-key: " + op);
            }
        }
        int main = DRAWS - fs.get("crash");
        // Half and half, except that a write to a used-up key is drawn again, coin and all, as in
        // Elle's wr-txns: every 17th write draw per key, so polls are a little over half.
        double polls = fs.get("poll") / (double) (fs.get("poll") + fs.get("send"));
        assertTrue(polls > 0.5 && polls < 0.53, fs.toString());
        assertEquals(1 / 64.0, fs.get("assign") / (double) main, 0.003, fs.toString());
        // Gaps U[0, 60/4 s): mean 7.5 s, so about 64 / 7.5 crashes in 64 s.
        assertTrue(fs.get("crash") >= 4 && fs.get("crash") <= 16, fs.toString());
    }

    @Test
    void finalPollsCrashAssignEveryKeyAndPollUntilThisThreadReachesTheMaxOffsets() {
        Workload w = workload();
        ClientGenerator gen = w.generator(new SplittableRandom(92), 4);
        OpSpec send = OpSpec.of("send", json("[[\"send\",\"3\",1]]"));
        gen.onComplete(0, send, new Outcome(Op.Type.OK, json("[[\"send\",\"3\",[4,1]]]"), null));
        gen.onComplete(1, OpSpec.of("poll", json("[[\"poll\"]]")),
                new Outcome(Op.Type.OK, json("[[\"poll\",{\"1\":[[0,5]]}]]"), null));
        FinalGenerator fin = w.finalGenerator(new SplittableRandom(93));
        assertEquals(10_000_000_000L, fin.timeLimitNanos());
        assertEquals("crash", fin.next(0).orElseThrow().op().f());
        FinalGenerator.Step assign = fin.next(0).orElseThrow();
        assertEquals("assign", assign.op().f());
        assertEquals(json("[\"1\",\"3\"]"), assign.op().value());
        OpSpec poll = fin.next(0).orElseThrow().op();
        assertEquals("poll", poll.f());
        fin.onComplete(0, poll, new Outcome(Op.Type.OK, json("[[\"poll\",{\"1\":[[0,5]],\"3\":[[3,9]]}]]"), null));
        FinalGenerator.Step again = fin.next(0).orElseThrow();
        assertTrue(again.delayNanos() < 400_000_000L, "polls U[0, 0.4) s apart");
        fin.onComplete(0, again.op(), new Outcome(Op.Type.OK, json("[[\"poll\",{\"3\":[[4,1]]}]]"), null));
        assertEquals(Optional.empty(), fin.next(0), "thread 0 reached offset 4 of key 3 and 0 of key 1");
        assertEquals("crash", fin.next(1).orElseThrow().op().f(), "thread 1 keeps its own targets");
    }

    private static JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
