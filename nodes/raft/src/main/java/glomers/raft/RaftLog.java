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
 * <p>Without one, a host that snapshots its state lets the log forget its applied prefix
 * ({@link #compactThrough}): the log then starts after {@link #base}, whose term it keeps, and
 * nothing before it can be read.
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

    /** The last index a snapshot covers (0 for none): the log holds only what follows it. */
    private int base;
    private long baseTerm;
    /** Entries in memory, index i at i - base - 1; null once evicted to disk. */
    private final List<Entry<C>> entries = new ArrayList<>();
    private LongArrayList terms = new LongArrayList();
    /** Where each entry's record is on disk, or {@link WriteAheadLog#NOWHERE}. */
    private LongArrayList positions = new LongArrayList();
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
        return base + entries.size();
    }

    /** The last index a snapshot covers: entries up to it are gone; 0 when none was taken. */
    public int base() {
        return base;
    }

    public long lastTerm() {
        return termAt(lastIndex());
    }

    /** 0 for index 0 (before the first entry); the snapshot's term at {@link #base}; never below it. */
    public long termAt(int index) {
        if (index <= base) {
            if (index == base) {
                return baseTerm;
            }
            throw new IllegalArgumentException("index " + index + " is before the snapshot at " + base);
        }
        return terms.get(index - base - 1);
    }

    /** The entry at {@code index} (after {@link #base}), read back from disk if it was evicted. */
    public Entry<C> entry(int index) {
        if (index <= base) {
            throw new IllegalArgumentException("entry " + index + " is in the snapshot at " + base);
        }
        Entry<C> entry = entries.get(index - base - 1);
        return entry != null ? entry : disk.apply(positions.get(index - base - 1));
    }

    /** Appends and returns the new entry's index. */
    int append(Entry<C> entry) {
        int index = lastIndex() + 1;
        entries.add(entry);
        terms.add(entry.term());
        positions.add(WriteAheadLog.NOWHERE);
        observer.appended(index, entry.command());
        return index;
    }

    /** Records where the entry at {@code index} is on disk. */
    void placed(int index, long position) {
        positions.set(index - base - 1, position);
    }

    /** Drops the entries from {@code index} on and returns them, oldest first. */
    List<Entry<C>> truncateFrom(int index) {
        if (index <= evictedThrough) {
            throw new IllegalStateException("truncating from " + index + ", below evicted (committed) index "
                    + evictedThrough);
        }
        List<Entry<C>> removed = new ArrayList<>(entries.subList(index - base - 1, entries.size()));
        for (int i = lastIndex(); i >= index; i--) {
            Entry<C> e = entries.remove(i - base - 1);
            terms.removeAtIndex(i - base - 1);
            positions.removeAtIndex(i - base - 1);
            observer.removed(i, e.command());
        }
        return removed;
    }

    /**
     * Forgets the entries through {@code index} (applied, and in the host's snapshot, whose last
     * entry had {@code term}). A log that did not reach {@code index}, or held another entry
     * there, is emptied instead and starts after it (a follower installing its leader's
     * snapshot): its entries are returned, oldest first, so the host can route again what they
     * carried. {@code index} must be past {@link #base}.
     */
    List<Entry<C>> compactThrough(int index, long term) {
        List<Entry<C>> dropped = new ArrayList<>();
        int kept;
        if (index <= lastIndex() && termAt(index) == term) {
            for (int i = base + 1; i <= index; i++) {
                Entry<C> e = entries.get(i - base - 1);
                if (e != null) {
                    observer.evicted(i, e.command());
                }
            }
            kept = index - base;
        } else {
            for (int i = lastIndex(); i > base; i--) {
                Entry<C> e = entry(i);
                observer.removed(i, e.command());
                dropped.add(0, e);
            }
            kept = entries.size();
        }
        entries.subList(0, kept).clear();
        terms = LongArrayList.newListWith(java.util.Arrays.copyOfRange(terms.toArray(), kept, terms.size()));
        positions = LongArrayList.newListWith(java.util.Arrays.copyOfRange(positions.toArray(), kept, positions.size()));
        base = index;
        baseTerm = term;
        evictedThrough = Math.max(evictedThrough, base);
        return dropped;
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
        int limit = Math.min(upTo, appendedBefore(appendedBeforeNanos));
        int moved = 0;
        while (evictedThrough < limit && positions.get(evictedThrough - base) != WriteAheadLog.NOWHERE) {
            Entry<C> e = entries.set(evictedThrough - base, null);
            evictedThrough++;
            observer.evicted(evictedThrough, e.command());
            moved++;
        }
        return moved;
    }

    /** The last index appended at or before {@code nanos} (as {@link #markTime} saw it); 0 for none. */
    int appendedBefore(long nanos) {
        int oldEnough = 0;
        while (!appendTimes.isEmpty() && appendTimes.peekFirst()[1] <= nanos) {
            oldEnough = (int) appendTimes.pollFirst()[0];
        }
        if (oldEnough > 0) {
            // Keep the newest pair that qualified: later calls may go up to it.
            appendTimes.addFirst(new long[] {oldEnough, nanos});
        }
        return oldEnough;
    }

    /** How many entries are held in memory. */
    public int inMemory() {
        return lastIndex() - evictedThrough;
    }

    /** The first index of the term at {@code index}: a rejected append skips a whole term at once. */
    int firstIndexOfTermAt(int index) {
        long term = termAt(index);
        int i = index;
        while (i > base + 1 && termAt(i - 1) == term) {
            i--;
        }
        return i;
    }

    /** Raft's election restriction: is a log ending at (index, term) at least as up to date as this one? */
    boolean isAtMostAsNewAs(int index, long term) {
        return term > lastTerm() || (term == lastTerm() && index >= lastIndex());
    }
}
