package glomers.harness.net;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import glomers.core.Message;
import glomers.harness.sched.VirtualScheduler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The network's invariants over random send schedules, for each latency distribution. */
class NetworkPropertiesTest {

    private static final long MS = 1_000_000L;
    private static final List<String> NODES = List.of("n0", "n1", "n2");

    /** One delivery: which message, from whom, to whom, when sent, when delivered. */
    private record Delivery(long k, String src, String dest, long sentNanos, long atNanos) {
    }

    private static List<Delivery> simulate(String dist, long seed, int messages) {
        VirtualScheduler scheduler = new VirtualScheduler();
        Network net = new Network(scheduler, LatencyModel.parse(dist, 10), Faults.NONE, new SplittableRandom(seed));
        List<Delivery> out = new ArrayList<>();
        for (String id : NODES) {
            net.add(id, (m, envelopeId) -> out.add(new Delivery(m.body().get("k").asLong(), m.src(), m.dest(),
                    m.body().get("sent").asLong(), scheduler.nowNanos())));
        }
        SplittableRandom plan = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int k = 0; k < messages; k++) {
            long at = plan.nextLong(200 * MS);
            String src = NODES.get(plan.nextInt(3));
            String dest = NODES.get((NODES.indexOf(src) + 1 + plan.nextInt(2)) % 3);
            long kk = k;
            scheduler.at(at, () -> net.sendFrom(src, new Message(src, dest, JsonNodeFactory.instance.objectNode()
                    .put("type", "x").put("k", kk).put("sent", scheduler.nowNanos()))));
        }
        scheduler.runUntilTime(10_000 * MS);
        if (out.size() != messages) {
            throw new AssertionError("lost messages without a partition: " + out.size() + " of " + messages);
        }
        return out;
    }

    @Test
    void constantLatencyLinksAreFifoAndNothingIsEarly() {
        qt().forAll(longs().all(), integers().between(1, 300)).checkAssert((seed, n) -> {
            Map<String, Long> lastSent = new HashMap<>();
            for (Delivery d : simulate("constant", seed, n)) {
                assertAtOrAfterDeadline(d, 10 * MS);
                String link = d.src + ">" + d.dest;
                Long previous = lastSent.put(link, d.sentNanos);
                if (previous != null && previous > d.sentNanos) {
                    throw new AssertionError("link " + link + " reordered (seed " + seed + ")");
                }
            }
        });
    }

    @Test
    void everyDistributionDeliversInTimeOrderPerReceiverAndNeverEarly() {
        for (String dist : List.of("constant", "uniform", "exponential")) {
            qt().forAll(longs().all(), integers().between(1, 300)).checkAssert((seed, n) -> {
                Map<String, Long> lastAt = new HashMap<>();
                for (Delivery d : simulate(dist, seed, n)) {
                    assertAtOrAfterDeadline(d, 0);
                    Long previous = lastAt.put(d.dest, d.atNanos);
                    if (previous != null && previous > d.atNanos) {
                        throw new AssertionError(dist + ": receiver " + d.dest + " went back in time (seed " + seed + ")");
                    }
                }
            });
        }
    }

    private static void assertAtOrAfterDeadline(Delivery d, long minLatency) {
        if (d.atNanos - d.sentNanos < minLatency) {
            throw new AssertionError("message " + d.k + " delivered " + (d.atNanos - d.sentNanos) + " ns after sending");
        }
    }
}
