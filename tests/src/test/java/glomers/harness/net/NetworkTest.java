package glomers.harness.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import glomers.core.Message;
import glomers.harness.sched.VirtualScheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NetworkTest {

    private static final long MS = 1_000_000L;

    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final List<long[]> delivered = new ArrayList<>();

    private Network network(String dist, long meanMs, long seed) {
        Network net = new Network(scheduler, LatencyModel.parse(dist, meanMs), Faults.NONE, new SplittableRandom(seed));
        for (String id : List.of("n0", "n1", "n2", "c9")) {
            net.add(id, (m, envelopeId) -> delivered.add(new long[] {m.body().get("k").asLong(), scheduler.nowNanos()}));
        }
        return net;
    }

    private static Message msg(String src, String dest, long k) {
        return new Message(src, dest, JsonNodeFactory.instance.objectNode().put("type", "x").put("k", k));
    }

    private List<Long> order() {
        List<Long> ks = new ArrayList<>();
        delivered.forEach(d -> ks.add(d[0]));
        return ks;
    }

    @Test
    void constantLatencyKeepsEachLinkFifo() {
        Network net = network("constant", 100, 1);
        for (long k = 0; k < 50; k++) {
            long kk = k;
            scheduler.at(k * MS / 3, () -> net.sendFrom("n0", msg("n0", "n1", kk)));
        }
        scheduler.runUntilTime(1000 * MS);
        List<Long> expected = new ArrayList<>();
        for (long k = 0; k < 50; k++) {
            expected.add(k);
        }
        assertEquals(expected, order());
        assertEquals(100 * MS, delivered.get(0)[1]);
    }

    @Test
    void headOfLineBlockingDelaysALaterEarlierDeadline() {
        // The delivery "thread" takes the first message at once and waits out its 100 ms; a
        // message sent later with a shorter deadline cannot overtake it.
        Network net = network("constant", 100, 1);
        scheduler.at(0, () -> net.sendFrom("n0", msg("n0", "n1", 1)));
        scheduler.at(10 * MS, () -> net.send(msg("c9", "n1", 2)));
        scheduler.runUntilTime(1000 * MS);
        assertEquals(List.of(1L, 2L), order());
        assertEquals(100 * MS, delivered.get(1)[1], "delivery = max(deadline, previous delivery)");
    }

    @Test
    void uniformLatencyReordersMessagesQueuedTogether() {
        Network net = network("uniform", 100, 7);
        // Keep the receiver busy so the rest queue up and leave in deadline order.
        scheduler.at(0, () -> net.sendFrom("n2", msg("n2", "n1", -1)));
        for (long k = 0; k < 40; k++) {
            long kk = k;
            scheduler.at(0, () -> net.sendFrom("n0", msg("n0", "n1", kk)));
        }
        scheduler.runUntilTime(10_000 * MS);
        List<Long> ks = order();
        assertEquals(41, ks.size());
        List<Long> sorted = new ArrayList<>(ks);
        sorted.sort(null);
        assertFalse(ks.equals(sorted), "uniform latency should reorder a link: " + ks);
        for (long[] d : delivered) {
            assertTrue(d[1] < 200 * MS, "uniform latency stays below 2·mean");
        }
    }

    @Test
    void partitionDropsCountAsSentNotReceived() {
        Network net = network("constant", 10, 1);
        net.drop("n1", Set.of("n0"));
        scheduler.at(0, () -> net.sendFrom("n0", msg("n0", "n1", 1)));
        scheduler.at(0, () -> net.sendFrom("n1", msg("n1", "n0", 2)));
        scheduler.runUntilTime(100 * MS);
        assertEquals(List.of(2L), order(), "the grudge is one-way");
        assertEquals(2, net.journal().servers().sendCount());
        assertEquals(2, net.journal().servers().msgCount());
        assertEquals(1, net.journal().servers().recvCount());
    }

    @Test
    void grudgeIsAppliedWhenTheReceiverDequeues() {
        Network net = network("constant", 100, 1);
        scheduler.at(0, () -> net.sendFrom("n0", msg("n0", "n1", 1)));
        scheduler.at(0, () -> net.sendFrom("n2", msg("n2", "n1", 2)));
        // n1's delivery thread is waiting on message 1 when the partition starts; message 2 is
        // still queued and is dropped when dequeued at 100 ms.
        scheduler.at(50 * MS, () -> net.drop("n1", Set.of("n0", "n2")));
        scheduler.runUntilTime(1000 * MS);
        assertEquals(List.of(1L), order());
    }

    @Test
    void clientTrafficHasNoLatency() {
        Network net = network("constant", 100, 1);
        scheduler.at(0, () -> net.send(msg("c9", "n0", 1)));
        scheduler.runUntilTime(1000 * MS);
        assertEquals(0, delivered.get(0)[1]);
        assertEquals(1, net.journal().clients().sendCount());
    }

    @Test
    void aBadLineOrUnknownDestinationStopsReadingThatNode() {
        Network net = network("constant", 0, 1);
        net.sendLineFrom("n0", "hello, I am a log line");
        net.sendLineFrom("n0", "{\"src\":\"n0\",\"dest\":\"n1\",\"body\":{\"type\":\"x\",\"k\":1}}");
        net.sendLineFrom("n2", "{\"src\":\"n2\",\"dest\":\"n1\",\"body\":{\"type\":\"x\",\"k\":2},\"extra\":1}");
        net.sendFrom("n1", msg("n1", "c404", 3));
        net.sendLineFrom("c9", "");
        scheduler.runUntilTime(10 * MS);
        assertEquals(List.of(), order(), "nothing after a violation is read");
        assertEquals(4, net.violations().size());
        assertTrue(net.violations().get(0).describe().contains("hello, I am a log line"));
        assertTrue(net.violations().get(1).reason().contains("extra"));
        assertTrue(net.violations().get(2).reason().contains("c404"));
        assertTrue(net.violations().get(3).reason().contains("blank"));
    }

    @Test
    void aRemovedClientIsAnUnknownDestination() {
        Network net = network("constant", 0, 1);
        net.remove("c9");
        net.sendFrom("n0", msg("n0", "c9", 1));
        assertEquals(1, net.violations().size());
    }

    @Test
    void duplicationDeliversTwiceButCountsOneMessage() {
        Network net = new Network(scheduler, LatencyModel.parse("constant", 5), new Faults(1.0, 0, 0),
                new SplittableRandom(3));
        net.add("n0", (m, id) -> { });
        net.add("n1", (m, id) -> delivered.add(new long[] {m.body().get("k").asLong(), scheduler.nowNanos()}));
        net.sendFrom("n0", msg("n0", "n1", 1));
        scheduler.runUntilTime(100 * MS);
        assertEquals(List.of(1L, 1L), order());
        assertEquals(1, net.journal().servers().msgCount());
        assertEquals(2, net.journal().servers().recvCount());
    }
}
