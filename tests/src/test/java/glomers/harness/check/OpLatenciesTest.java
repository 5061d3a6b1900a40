package glomers.harness.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpLatenciesTest {

    @Test
    void quantilesOfOkLatenciesPerF() {
        Hist h = new Hist();
        // broadcast latencies 1..100 ms, one per process
        for (int i = 1; i <= 100; i++) {
            h.at(1000L * i).invoke(i, "broadcast", "" + i).at(1000L * i + i).ok(i, "broadcast", "" + i);
        }
        h.at(500_000).invoke(0, "read", null).at(500_003).ok(0, "read", "[]");
        h.at(600_000).invoke(0, "read", null).at(609_000).fail(0, "read", null);
        CheckResult r = h.check(new OpLatencies());
        assertEquals(Validity.TRUE, r.valid());
        assertEquals(List.of("broadcast", "read"), List.copyOf(r.fields().keySet()));
        Map<?, ?> b = (Map<?, ?>) r.fields().get("broadcast");
        assertEquals(100L, b.get("count"));
        assertEquals(51.0, b.get("p50"));
        assertEquals(96.0, b.get("p95"));
        assertEquals(100.0, b.get("p99"));
        assertEquals(100.0, b.get("max"));
        Map<?, ?> read = (Map<?, ?>) r.fields().get("read");
        assertEquals(1L, read.get("count"));
        assertEquals(3.0, read.get("max"));
    }

    @Test
    void fsWithNoOkCompletionAreAbsent() {
        Hist h = new Hist().invoke(0, "echo", "\"x\"").info(0, "echo", "\"x\"");
        assertFalse(h.check(new OpLatencies()).fields().containsKey("echo"));
    }
}
