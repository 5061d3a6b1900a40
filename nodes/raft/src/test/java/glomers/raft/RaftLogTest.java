package glomers.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RaftLogTest {

    /** Records what the log tells its observer, one line per event. */
    private static final class Recorder implements RaftLog.Observer<String> {
        final List<String> events = new ArrayList<>();

        @Override
        public void appended(int index, String command) {
            events.add("+" + index + " " + command);
        }

        @Override
        public void removed(int index, String command) {
            events.add("-" + index + " " + command);
        }

        @Override
        public void evicted(int index, String command) {
            events.add("evicted " + index + " " + command);
        }
    }

    @Test
    void aTruncationReturnsTheSuffixOldestFirstAndTellsTheObserverNewestFirst() {
        Recorder recorder = new Recorder();
        RaftLog<String> log = new RaftLog<>(null, recorder);
        log.append(new Entry<>(1, "a"));
        log.append(new Entry<>(1, "b"));
        log.append(new Entry<>(1, "c"));
        assertEquals(List.of(new Entry<>(1, "b"), new Entry<>(1, "c")), log.truncateFrom(2));
        log.append(new Entry<>(2, "d"));
        assertEquals(List.of("+1 a", "+2 b", "+3 c", "-3 c", "-2 b", "+2 d"), recorder.events);
        assertEquals(2, log.termAt(2));
        assertEquals(2, log.lastIndex());
    }

    @Test
    void evictedEntriesComeBackFromDiskAndLeaveOnlyAfterTheWindow() {
        Map<Long, Entry<String>> disk = new HashMap<>();
        Recorder recorder = new Recorder();
        RaftLog<String> log = new RaftLog<>(disk::get, recorder);
        for (int i = 1; i <= 6; i++) {
            Entry<String> e = new Entry<>(1, "e" + i);
            int index = log.append(e);
            disk.put(100L + index, e);
            log.placed(index, 100L + index);
            log.markTime(index * 1_000L);
        }
        recorder.events.clear();
        assertEquals(0, log.evict(4, 500L), "nothing was appended before t = 500");
        assertEquals(3, log.evict(4, 3_000L), "entries 1-3 were appended by t = 3000");
        assertEquals(List.of("evicted 1 e1", "evicted 2 e2", "evicted 3 e3"), recorder.events);
        assertEquals(3, log.inMemory());
        assertEquals(new Entry<>(1, "e2"), log.entry(2));
        assertEquals(1, log.evict(4, 10_000L), "up to the limit given");
        assertThrows(IllegalStateException.class, () -> log.truncateFrom(4), "evicted entries are committed");
    }

    @Test
    void anEntryNotOnDiskIsNeverEvicted() {
        RaftLog<String> log = new RaftLog<>(position -> null, new Recorder());
        log.append(new Entry<>(1, "a"));
        log.markTime(0);
        assertEquals(0, log.evict(1, 1_000L));
        assertEquals(new Entry<>(1, "a"), log.entry(1));
    }

    @Test
    void theElectionRestrictionComparesLastTermThenLength() {
        RaftLog<String> log = new RaftLog<>(null, new Recorder());
        log.append(new Entry<>(1, "a"));
        log.append(new Entry<>(2, "b"));
        assertTrue(log.isAtMostAsNewAs(2, 2));
        assertTrue(log.isAtMostAsNewAs(1, 3), "a higher last term wins however short");
        assertFalse(log.isAtMostAsNewAs(5, 1), "a lower last term loses however long");
        assertFalse(log.isAtMostAsNewAs(1, 2));
    }
}
