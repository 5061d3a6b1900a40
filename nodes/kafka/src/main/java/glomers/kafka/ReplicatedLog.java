package glomers.kafka;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;
import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;

/**
 * The replicated log, indexed from 1 as in Raft, with two indexes kept in step with it: where each
 * client request sits (so a duplicate is recognised and never appended twice) and, per key, the
 * log index of each offset (so a poll is a walk along a key's own sends, and an offset is the
 * position in that list). Only a follower's uncommitted suffix is ever truncated.
 *
 * <p>With a write-ahead log, old entries leave memory: {@link #evict} drops the entries that are
 * applied, on disk and older than the newest few thousand, keeping for each only its term and
 * where its record is (16 bytes), and {@link #entry} reads such an entry back when a poll from an
 * old offset or a lagging follower asks for it. Their request ids go too, once older than the
 * window in which a request can still be forwarded (forwards carry their deadline, and the leader
 * drops expired ones), so memory per entry stays small however long the run.
 */
final class ReplicatedLog {

    /** Entries in memory, index i at i - 1; null once evicted to disk. */
    private final List<Entry> entries = new ArrayList<>();
    private final LongArrayList terms = new LongArrayList();
    /** Where each entry's record is on disk, or {@link WriteAheadLog#NOWHERE}. */
    private final LongArrayList positions = new LongArrayList();
    private final Map<String, Integer> requestIndex = new HashMap<>();
    private final Map<String, IntArrayList> keyIndexes = new HashMap<>();
    private final LongFunction<Entry> disk;
    private int evictedThrough;
    /** (last index, time) pairs, oldest first: which entries are older than the request-id window. */
    private final ArrayDeque<long[]> appendTimes = new ArrayDeque<>();

    /** A log in memory only. */
    ReplicatedLog() {
        this(null);
    }

    /** @param disk reads back the entry whose record is at a position (the write-ahead log's read) */
    ReplicatedLog(LongFunction<Entry> disk) {
        this.disk = disk;
    }

    int lastIndex() {
        return entries.size();
    }

    long lastTerm() {
        return termAt(lastIndex());
    }

    /** 0 for index 0 (before the first entry). */
    long termAt(int index) {
        return index == 0 ? 0 : terms.get(index - 1);
    }

    /** The entry at {@code index}, read back from disk if it was evicted. */
    Entry entry(int index) {
        Entry entry = entries.get(index - 1);
        if (entry != null) {
            return entry;
        }
        Entry stored = disk.apply(positions.get(index - 1));
        if (stored.command() instanceof Command.Send send) {
            return stored.withOffset(keyIndexes.get(send.key()).binarySearch(index));
        }
        return stored;
    }

    /** Appends and returns the new entry's index; a send gets the next offset of its key. */
    int append(Entry entry) {
        int index = entries.size() + 1;
        Entry stored = entry;
        if (entry.command() instanceof Command.Send send) {
            IntArrayList indexes = keyIndexes.computeIfAbsent(send.key(), k -> new IntArrayList());
            stored = entry.withOffset(indexes.size());
            indexes.add(index);
        }
        entries.add(stored);
        terms.add(entry.term());
        positions.add(WriteAheadLog.NOWHERE);
        String id = entry.command().requestId();
        if (id != null) {
            requestIndex.putIfAbsent(id, index);
        }
        return index;
    }

    /** Records where the entry at {@code index} is on disk. */
    void placed(int index, long position) {
        positions.set(index - 1, position);
    }

    /** Drops the entries from {@code index} on and returns them, oldest first. */
    List<Entry> truncateFrom(int index) {
        if (index <= evictedThrough) {
            throw new IllegalStateException("truncating from " + index + ", below evicted (committed) index "
                    + evictedThrough);
        }
        List<Entry> removed = new ArrayList<>(entries.subList(index - 1, entries.size()));
        for (int i = entries.size(); i >= index; i--) {
            Entry e = entries.remove(i - 1);
            terms.removeAtIndex(i - 1);
            positions.removeAtIndex(i - 1);
            String id = e.command().requestId();
            if (id != null && Integer.valueOf(i).equals(requestIndex.get(id))) {
                requestIndex.remove(id);
            }
            if (e.command() instanceof Command.Send send) {
                IntArrayList indexes = keyIndexes.get(send.key());
                indexes.removeAtIndex(indexes.size() - 1);
            }
        }
        return removed;
    }

    /** Notes the time at which the log ended where it ends now. */
    void markTime(long nowNanos) {
        long[] last = appendTimes.peekLast();
        if (last == null || last[0] < lastIndex()) {
            appendTimes.addLast(new long[] {lastIndex(), nowNanos});
        }
    }

    /**
     * Moves entries up to {@code upTo} out of memory, stopping at the first one not on disk and at
     * the last one appended before {@code appendedBeforeNanos}; returns how many it moved.
     */
    int evict(int upTo, long appendedBeforeNanos) {
        int oldEnough = 0;
        while (!appendTimes.isEmpty() && appendTimes.peekFirst()[1] <= appendedBeforeNanos) {
            oldEnough = (int) appendTimes.pollFirst()[0];
        }
        if (oldEnough > 0) {
            // Keep the newest pair that qualified: later calls may evict up to it.
            appendTimes.addFirst(new long[] {oldEnough, appendedBeforeNanos});
        }
        int limit = Math.min(upTo, oldEnough);
        int moved = 0;
        while (evictedThrough < limit && positions.get(evictedThrough) != WriteAheadLog.NOWHERE) {
            Entry e = entries.set(evictedThrough, null);
            String id = e.command().requestId();
            if (id != null && Integer.valueOf(evictedThrough + 1).equals(requestIndex.get(id))) {
                requestIndex.remove(id);
            }
            evictedThrough++;
            moved++;
        }
        return moved;
    }

    /** How many entries are held in memory. */
    int inMemory() {
        return entries.size() - evictedThrough;
    }

    /** Where the request sits in the log, or 0 when it is not there (or was evicted). */
    int indexOf(String requestId) {
        Integer index = requestIndex.get(requestId);
        return index == null ? 0 : index;
    }

    /** The first index of the term at {@code index}: a rejected append skips a whole term at once. */
    int firstIndexOfTermAt(int index) {
        long term = termAt(index);
        int i = index;
        while (i > 1 && termAt(i - 1) == term) {
            i--;
        }
        return i;
    }

    /** Raft's election restriction: is a log ending at (index, term) at least as up to date as this one? */
    boolean isAtMostAsNewAs(int index, long term) {
        return term > lastTerm() || (term == lastTerm() && index >= lastIndex());
    }

    /** How many keys have sends, committed or not. */
    int keyCount() {
        return keyIndexes.size();
    }

    /** How many sends {@code key} has, committed or not. */
    int sendCount(String key) {
        IntArrayList indexes = keyIndexes.get(key);
        return indexes == null ? 0 : indexes.size();
    }

    /** The log index of {@code key}'s message at {@code offset} (which must exist). */
    int indexOfOffset(String key, int offset) {
        return keyIndexes.get(key).get(offset);
    }
}
