package glomers.harness.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Message;
import glomers.harness.sched.VirtualScheduler;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-message log beside NetJournal: the same counts, bounded records, and its file. */
class MessageLogTest {

    private static final long MS = 1_000_000L;

    private final VirtualScheduler scheduler = new VirtualScheduler();

    @TempDir
    Path dir;

    private Network network(MessageLog log, Faults faults) {
        Network net = new Network(scheduler, LatencyModel.parse("constant", 10), faults, new SplittableRandom(7), log);
        for (String id : List.of("n0", "n1", "n2", "lin-kv", "c1")) {
            net.add(id, (m, envelopeId) -> { });
        }
        return net;
    }

    private static Message msg(String src, String dest, String type, long msgId) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("type", type).put("msg_id", msgId);
        body.putArray("values").add(1).add(2);
        return new Message(src, dest, body);
    }

    /** Client, service and server traffic across three seconds, one partition, duplicates and loss. */
    private Network traffic(MessageLog log, Faults faults) {
        Network net = network(log, faults);
        scheduler.at(0, () -> log.startClock(scheduler.nowNanos()));
        for (int i = 0; i < 300; i++) {
            long at = i * 10 * MS;
            int k = i;
            scheduler.at(at, () -> {
                net.send(msg("c1", "n" + k % 3, "read", k));
                net.sendFrom("n0", msg("n0", "n1", "gossip", k));
                net.sendFrom("n1", msg("n1", "lin-kv", "cas", k));
                if (k % 3 == 0) {
                    net.sendFrom("n2", msg("n2", "n0", "gossip_ok", k));
                }
            });
        }
        scheduler.at(1000 * MS, () -> net.drop("n1", Set.of("n0")));
        scheduler.at(1500 * MS, net::heal);
        scheduler.runUntilTime(10_000 * MS);
        return net;
    }

    @Test
    void sendAndReceiveCountsEqualNetJournalsEvenBeyondTheCap() {
        MessageLog log = new MessageLog(100);
        Network net = traffic(log, new Faults(0.2, 0.1, 0.2));
        NetJournal journal = net.journal();
        assertEquals(journal.all().sendCount(), log.sends());
        assertEquals(journal.all().recvCount(), log.recvs());
        long perSecond = 0;
        for (int[] counts : log.perSecond().values()) {
            for (int c : counts) {
                perSecond += c;
            }
        }
        assertEquals(journal.all().sendCount(), perSecond, "every send in the per-second counts");
        assertEquals(100, log.size(), "records stop at the cap");
        assertEquals(journal.all().sendCount() - (100 - copies(log)), log.unrecorded(),
                "and what was left out is counted");
    }

    @Test
    void sendsPerSecondAreGroupedAsClientsServicesAndServerBodyTypes() {
        MessageLog log = new MessageLog();
        traffic(log, Faults.NONE);
        Map<String, int[]> perSecond = log.perSecond();
        assertEquals(Set.of("clients", "gossip", "gossip_ok", "lin-kv service"), perSecond.keySet());
        assertEquals(100, perSecond.get("clients")[0]);
        assertEquals(100, perSecond.get("gossip")[2]);
        assertEquals(100, perSecond.get("lin-kv service")[1]);
        assertEquals(34, perSecond.get("gossip_ok")[0]);
    }

    @Test
    void aRecordHoldsTimesIdsTypeAndAnExcerptAndADropIsMarked() {
        MessageLog log = new MessageLog();
        traffic(log, Faults.NONE);
        int first = 1; // c1 → n0 read is record 0, n0 → n1 gossip record 1
        assertEquals("n0", log.src(first));
        assertEquals("n1", log.dest(first));
        assertEquals("gossip", log.type(first));
        assertEquals(0, log.msgId(first));
        assertEquals(-1, log.inReplyTo(first));
        assertEquals(10 * MS, log.doneNs(first) - log.sentNs(first), "constant latency");
        assertEquals("{\"values\":[1,2]}", log.excerpt(first), "the body without type and ids");
        int dropped = 0;
        for (int i = 0; i < log.size(); i++) {
            if (log.fate(i) == MessageLog.Fate.DROPPED) {
                dropped++;
                assertEquals("n0", log.src(i));
                assertTrue(log.sentNs(i) >= 1000 * MS && log.sentNs(i) < 1500 * MS, "taken while n1 held its grudge");
                assertEquals(log.sentNs(i) + 10 * MS, log.doneNs(i), "drawn where it was due");
            }
        }
        assertEquals(50, dropped, "n0's gossip sent from 1.00 s to 1.49 s (the grudge comes first at 1 s)");
    }

    @Test
    void aLongBodyIsCutShort() {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("type", "read_ok");
        var values = body.putArray("messages");
        for (int i = 0; i < 100_000; i++) {
            values.add(i);
        }
        String excerpt = BodyExcerpt.of(body, MessageLog.EXCERPT_CHARS);
        assertEquals(MessageLog.EXCERPT_CHARS + 1, excerpt.length());
        assertTrue(excerpt.startsWith("{\"messages\":[0,1,2,") && excerpt.endsWith("…"), excerpt);
    }

    @Test
    void theFileGivesBackEveryRecordAndTheCounts() throws Exception {
        MessageLog log = new MessageLog(500);
        traffic(log, new Faults(0.2, 0.1, 0));
        Path file = dir.resolve(MessageLogFile.NAME);
        MessageLogFile.write(log, file);
        List<MessageLogFile.Entry> all = MessageLogFile.readAll(file);
        assertEquals(500, all.size());
        for (int i = 0; i < all.size(); i++) {
            MessageLogFile.Entry e = all.get(i);
            assertEquals(log.sentNs(i) - log.originNs(), e.sentNs());
            assertEquals(log.src(i) + log.dest(i) + log.type(i) + log.msgId(i) + log.excerpt(i),
                    e.src() + e.dest() + e.type() + e.msgId() + e.body());
            assertEquals(log.fate(i).name().toLowerCase().replace('_', '-'), e.fate());
            assertEquals(log.isCopy(i), e.copy());
        }
        MessageLogFile.Header header = MessageLogFile.readHeader(file);
        assertEquals(log.sends(), header.sends());
        assertEquals(log.unrecorded(), header.unrecorded());
        assertEquals(log.perSecond().get("gossip")[1], header.perSecond().get("gossip")[1]);
        List<MessageLogFile.Entry> window = new java.util.ArrayList<>();
        MessageLogFile.read(file, List.of(new long[] {200 * MS, 300 * MS}), new int[] {5}, window);
        assertEquals(5, window.size(), "a window, bounded");
        assertTrue(window.get(0).sentNs() >= 200 * MS);
    }

    /** The page written at the end of a run reads the log in memory: it must see what the file gives. */
    @Test
    void theLogInMemoryGivesWhatItsFileGives() throws Exception {
        MessageLog log = new MessageLog(500);
        traffic(log, new Faults(0.2, 0.1, 0));
        Path file = dir.resolve(MessageLogFile.NAME);
        MessageLogFile.write(log, file);
        List<long[]> windows = List.of(new long[] {Long.MIN_VALUE, 150 * MS}, new long[] {990 * MS, 1600 * MS});
        int[] caps = {40, 100};
        List<MessageLogFile.Entry> fromFile = new java.util.ArrayList<>();
        List<MessageLogFile.Entry> fromMemory = new java.util.ArrayList<>();
        MessageLogFile.Header h1 = MessageLogFile.source(file).read(windows, caps, fromFile);
        MessageLogFile.Header h2 = MessageLogFile.source(log).read(windows, caps, fromMemory);
        assertEquals(140, fromFile.size(), "both windows full");
        assertEquals(fromFile, fromMemory);
        assertTrue(fromMemory.stream().anyMatch(e -> e.fate().equals("dropped") && e.doneNs() > 0),
                "the partition's drops, with their due times");
        assertEquals(List.of(h1.recorded(), h1.unrecorded(), h1.sends(), h1.recvs()),
                List.of(h2.recorded(), h2.unrecorded(), h2.sends(), h2.recvs()));
        assertEquals(h1.perSecond().keySet(), h2.perSecond().keySet());
        h1.perSecond().forEach((group, counts) -> assertTrue(java.util.Arrays.equals(counts, h2.perSecond().get(group)),
                group));
    }

    private static long copies(MessageLog log) {
        long n = 0;
        for (int i = 0; i < log.size(); i++) {
            n += log.isCopy(i) ? 1 : 0;
        }
        return n;
    }
}
