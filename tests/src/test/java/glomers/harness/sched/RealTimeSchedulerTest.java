package glomers.harness.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RealTimeSchedulerTest {

    @Test
    void postedWorkRunsOnTheLoopThreadBetweenTimers() throws Exception {
        RealTimeScheduler s = new RealTimeScheduler();
        List<String> seen = new ArrayList<>();
        Thread loop = Thread.currentThread();
        long start = s.nowNanos();
        s.at(start + 60_000_000L, () -> seen.add("timer@60ms"));
        s.at(start + 20_000_000L, () -> seen.add("timer@20ms"));
        Thread poster = new Thread(() -> {
            try {
                Thread.sleep(40);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            s.post(() -> seen.add(Thread.currentThread() == loop ? "posted on loop" : "posted elsewhere"));
        });
        poster.start();
        assertTrue(s.runUntil(() -> seen.size() == 3, start + 5_000_000_000L));
        poster.join();
        assertEquals(List.of("timer@20ms", "posted on loop", "timer@60ms"), seen);
        assertTrue(s.nowNanos() - start >= 60_000_000L, "timers do not fire early");
    }
}
