package glomers.raft;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;

/**
 * The replicated log, indexed from 1 as in Raft. Only a follower's uncommitted suffix is ever
 * truncated. The host keeps its own indexes of the commands (request ids, a key's entries) in step
 * through an {@link Observer}, which hears every append, truncation and eviction.
 *
 * <p>With a write-ahead log, old entries leave memory: {@link #evict} drops the entries that are
 * applied, on disk and older than the newest few thousand, keeping for each only its term and
 * where its record is (16 bytes), and {@link #entry} reads such an entry back when the host or a
 * lagging follower asks for it.
 *
 * @param <C> the host's command type
 */
public final class RaftLog<C> {

    /** What the host keeps in step with the log. */
    public interface Observer<C> {
        /** {@code command} is now at {@code index} (the last index). */
        void appended(int index, C command);

        /** The entry at {@code index} (the last index) leaves the log: called newest first. */
        void removed(int index, C command);

        /** The entry at {@code index} left memory; it is still in the log, on disk. */
        void evicted(int index, C command);
    }

    /** Entries in memory, index i at i - 1; null once evicted to disk. */
    private final List<Entry<C>> entries = new ArrayList<>();
    private final LongArrayList terms = new LongArrayList();
    /** Where each entry's record is on disk, or {@link WriteAheadLog#NOWHERE}. */
    private final LongArrayList positions = new LongArrayList();
    private final LongFunction<Entry<C>> disk;
    private final Observer<C> observer;
    private int evictedThrough;
    /** (last index, time) pairs, oldest first: which entries are older than the eviction window. */
    private final ArrayDeque<long[]> appendTimes = new ArrayDeque<>();

    /**
     * @param disk reads back the entry whose record is at a position (the write-ahead log's read);
     *     null for a log in memory only
     */
    public RaftLog(LongFunction<Entry<C>> disk, Observer<C> observer) {
        this.disk = disk;
        this.observer = observer;
    }

    public int lastIndex() {
        return entries.size();
    }

    public long lastTerm() {
        return termAt(lastIndex());
    }

    /** 0 for index 0 (before the first entry). */
    public long termAt(int index) {
        return index == 0 ? 0 : terms.get(index - 1);
    }

    /** The entry at {@code index}, read back from disk if it was evicted. */
    public Entry<C> entry(int index) {
        Entry<C> entry = entries.get(index - 1);
        return entry != null ? entry : disk.apply(positions.get(index - 1));
    }

    /** Appends and returns the new entry's index. */
    int append(Entry<C> entry) {
        int index = entries.size() + 1;
        entries.add(entry);
        terms.add(entry.term());
        positions.add(WriteAheadLog.NOWHERE);
        observer.appended(index, entry.command());
        return index;
    }

    /** Records where the entry at {@code index} is on disk. */
    void placed(int index, long position) {
        positions.set(index - 1, position);
    }

    /** Drops the entries from {@code index} on and returns them, oldest first. */
    List<Entry<C>> truncateFrom(int index) {
        if (index <= evictedThrough) {
            throw new IllegalStateException("truncating from " + index + ", below evicted (committed) index "
                    + evictedThrough);
        }
        List<Entry<C>> removed = new ArrayList<>(entries.subList(index - 1, entries.size()));
        for (int i = entries.size(); i >= index; i--) {
            Entry<C> e = entries.remove(i - 1);
            terms.removeAtIndex(i - 1);
            positions.removeAtIndex(i - 1);
            observer.removed(i, e.command());
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
            Entry<C> e = entries.set(evictedThrough, null);
            evictedThrough++;
            observer.evicted(evictedThrough, e.command());
            moved++;
        }
        return moved;
    }

    /** How many entries are held in memory. */
    public int inMemory() {
        return entries.size() - evictedThrough;
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
}
