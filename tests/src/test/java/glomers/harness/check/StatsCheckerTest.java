package glomers.harness.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import glomers.harness.history.Op;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsCheckerTest {

    @Test
    void countsPerFAndOverall() {
        Hist h = new Hist()
                .okOp(0, "broadcast", "1", "1")
                .invoke(1, "read", null).fail(1, "read", null)
                .invoke(2, "broadcast", "2").info(2, "broadcast", "2")
                .okOp(3, "read", null, "[1]");
        CheckResult r = h.check(new StatsChecker());
        assertEquals(Validity.TRUE, r.valid());
        assertEquals(4L, r.fields().get("count"));
        assertEquals(2L, r.fields().get("ok-count"));
        assertEquals(1L, r.fields().get("fail-count"));
        assertEquals(1L, r.fields().get("info-count"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> byF = (Map<String, Map<String, Object>>) r.fields().get("by-f");
        assertEquals(java.util.List.of("broadcast", "read"), java.util.List.copyOf(byF.keySet()));
        assertEquals(2L, byF.get("broadcast").get("count"));
        assertEquals(1L, byF.get("broadcast").get("info-count"));
        assertEquals(1L, byF.get("read").get("fail-count"));
    }

    @Test
    void anFThatNeverSucceededIsInvalid() {
        Hist h = new Hist()
                .okOp(0, "read", null, "[]")
                .invoke(1, "broadcast", "1").info(1, "broadcast", "1")
                .invoke(2, "broadcast", "2").fail(2, "broadcast", "2");
        CheckResult r = h.check(new StatsChecker());
        assertEquals(Validity.FALSE, r.valid());
        assertEquals(Boolean.FALSE, r.fields().get("valid?"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> byF = (Map<String, Map<String, Object>>) r.fields().get("by-f");
        assertEquals(Boolean.FALSE, byF.get("broadcast").get("valid?"));
        assertEquals(Boolean.TRUE, byF.get("read").get("valid?"));
    }

    @Test
    void crashAndDebugTopicPartitionsMayNeverSucceed() {
        Hist h = new Hist()
                .okOp(0, "send", "1", "1")
                .invoke(1, "crash", null).info(1, "crash", null)
                .invoke(2, "debug-topic-partitions", null).fail(2, "debug-topic-partitions", null);
        assertEquals(Validity.TRUE, h.check(new StatsChecker()).valid());
    }

    @Test
    void nemesisOpsAreNotCounted() {
        Hist h = new Hist()
                .okOp(0, "echo", "\"a\"", "{\"echo\":\"a\"}")
                .nemesis(Op.Type.INFO, "start-partition")
                .nemesis(Op.Type.INFO, "start-partition");
        CheckResult r = h.check(new StatsChecker());
        assertEquals(Validity.TRUE, r.valid());
        assertEquals(1L, r.fields().get("count"));
    }

    @Test
    void noOpsAtAllIsValid() {
        CheckResult r = new Hist().check(new StatsChecker());
        assertEquals(Validity.TRUE, r.valid());
        assertEquals(0L, r.fields().get("count"));
    }
}
