package glomers.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.IntNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicatedLogTest {

    private static Entry send(long term, String key, int msg, String id) {
        return new Entry(term, new Command.Send(key, IntNode.valueOf(msg), id));
    }

    @Test
    void offsetsAreDensePerKeyAndATruncationTakesThemBack() {
        ReplicatedLog log = new ReplicatedLog();
        log.append(send(1, "a", 10, "c1 1"));
        log.append(send(1, "b", 20, "c1 2"));
        log.append(send(1, "a", 11, "c1 3"));
        assertEquals(1, log.entry(3).offset());
        assertEquals(3, log.indexOfOffset("a", 1));
        assertEquals(List.of(send(1, "a", 11, "c1 3").withOffset(1)), log.truncateFrom(3));
        assertEquals(0, log.indexOf("c1 3"));
        assertEquals(2, log.indexOf("c1 2"));
        log.append(send(2, "a", 12, "c1 4"));
        assertEquals(1, log.entry(3).offset());
        assertEquals(2, log.termAt(3));
    }

    @Test
    void evictedEntriesComeBackFromDiskWithTheirOffsetsAndTheirIdsLeaveOnlyAfterTheWindow() {
        Map<Long, Entry> disk = new HashMap<>();
        ReplicatedLog log = new ReplicatedLog(position -> disk.get(position));
        for (int i = 1; i <= 6; i++) {
            Entry e = send(1, i % 2 == 0 ? "even" : "odd", i, "c1 " + i);
            int index = log.append(e);
            disk.put(100L + index, new Entry(e.term(), e.command()));
            log.placed(index, 100L + index);
            log.markTime(index * 1_000L);
        }
        assertEquals(0, log.evict(4, 500L), "nothing was appended before t = 500");
        assertEquals(3, log.evict(4, 3_000L), "entries 1-3 were appended by t = 3000");
        assertEquals(3, log.inMemory());
        assertEquals(send(1, "even", 2, "c1 2").withOffset(0), log.entry(2));
        assertEquals(send(1, "odd", 3, "c1 3").withOffset(1), log.entry(3));
        assertEquals(0, log.indexOf("c1 2"), "an evicted entry's request id leaves memory");
        assertEquals(4, log.indexOf("c1 4"));
        assertEquals(1, log.evict(4, 10_000L), "up to the limit given");
        assertThrows(IllegalStateException.class, () -> log.truncateFrom(4), "evicted entries are committed");
    }

    @Test
    void anEntryNotOnDiskIsNeverEvicted() {
        ReplicatedLog log = new ReplicatedLog(position -> null);
        log.append(send(1, "a", 1, "c1 1"));
        log.markTime(0);
        assertEquals(0, log.evict(1, 1_000L));
        assertEquals(send(1, "a", 1, "c1 1").withOffset(0), log.entry(1));
    }
}
