package glomers.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * The replicated log, indexed from 1 as in Raft, with two indexes kept in step with it: where each
 * client request sits (so a duplicate is recognised and never appended twice) and, per key, the
 * log index of each offset (so a poll is a walk along a key's own sends, and an offset is the
 * position in that list). Only a follower's uncommitted suffix is ever truncated.
 */
final class ReplicatedLog {

    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, Integer> requestIndex = new HashMap<>();
    private final Map<String, IntArrayList> keyIndexes = new HashMap<>();

    int lastIndex() {
        return entries.size();
    }

    long lastTerm() {
        return termAt(lastIndex());
    }

    /** 0 for index 0 (before the first entry). */
    long termAt(int index) {
        return index == 0 ? 0 : entries.get(index - 1).term();
    }

    Entry entry(int index) {
        return entries.get(index - 1);
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
        String id = entry.command().requestId();
        if (id != null) {
            requestIndex.putIfAbsent(id, index);
        }
        return index;
    }

    /** Drops the entries from {@code index} on and returns them, oldest first. */
    List<Entry> truncateFrom(int index) {
        List<Entry> removed = new ArrayList<>(entries.subList(index - 1, entries.size()));
        for (int i = entries.size(); i >= index; i--) {
            Entry e = entries.remove(i - 1);
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

    /** Where the request sits in the log, or 0 when it is not there. */
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
