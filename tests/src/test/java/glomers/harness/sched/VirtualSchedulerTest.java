package glomers.harness.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualSchedulerTest {

    @Test
    void runsByTimeThenByOrderScheduled() {
        VirtualScheduler s = new VirtualScheduler();
        List<String> seen = new ArrayList<>();
        s.at(20, () -> seen.add("b@20"));
        s.at(10, () -> seen.add("a@10"));
        s.at(20, () -> seen.add("c@20"));
        s.at(10, () -> s.at(10, () -> seen.add("d@10 scheduled during 10")));
        s.runUntil(() -> false, Long.MAX_VALUE);
        assertEquals(List.of("a@10", "d@10 scheduled during 10", "b@20", "c@20"), seen);
        assertEquals(20, s.nowNanos());
    }

    @Test
    void stopsAtTheLimitWithTheClockThere() {
        VirtualScheduler s = new VirtualScheduler();
        List<Long> seen = new ArrayList<>();
        s.at(5, () -> seen.add(s.nowNanos()));
        s.at(50, () -> seen.add(s.nowNanos()));
        s.runUntilTime(30);
        assertEquals(List.of(5L), seen);
        assertEquals(30, s.nowNanos());
        s.at(1, () -> seen.add(s.nowNanos()));
        s.runUntilTime(100);
        assertEquals(List.of(5L, 30L, 50L), seen, "a task in the past runs now, time never goes back");
    }
}
