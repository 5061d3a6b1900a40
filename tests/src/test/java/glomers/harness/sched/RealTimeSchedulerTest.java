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
        java.util.concurrent.CountDownLatch firstFired = new java.util.concurrent.CountDownLatch(1);
        // The later timer is far off so a loaded machine cannot reorder the post behind it.
        s.at(start + 3_000_000_000L, () -> seen.add("timer@3s"));
        s.at(start + 20_000_000L, () -> {
            seen.add("timer@20ms");
            firstFired.countDown();
        });
        Thread poster = new Thread(() -> {
            try {
                firstFired.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            s.post(() -> seen.add(Thread.currentThread() == loop ? "posted on loop" : "posted elsewhere"));
        });
        poster.start();
        assertTrue(s.runUntil(() -> seen.size() == 3, start + 10_000_000_000L));
        poster.join();
        assertEquals(List.of("timer@20ms", "posted on loop", "timer@3s"), seen);
        assertTrue(s.nowNanos() - start >= 3_000_000_000L, "timers do not fire early");
    }
}
