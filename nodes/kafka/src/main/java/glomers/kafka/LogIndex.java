package glomers.kafka;

import glomers.raft.RaftLog;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * Kafka's two indexes of the Raft log, kept in step with it: where each client request sits (so
 * a duplicate is recognised and never appended twice) and, per key, the log index of each offset
 * (so a poll is a walk along a key's own sends, and an offset is the position in that list).
 * Offsets are dense, start at 0, and need not travel: every replica derives them alike from the
 * log before them.
 *
 * <p>A request id leaves memory with its entry (evicted to disk once older than the window in
 * which a request can still be forwarded: forwards carry their deadline, and the leader drops
 * expired ones), so memory per entry stays small however long the run.
 */
final class LogIndex implements RaftLog.Observer<Command> {

    private final Map<String, Integer> requestIndex = new HashMap<>();
    private final Map<String, IntArrayList> keyIndexes = new HashMap<>();

    @Override
    public void appended(int index, Command command) {
        if (command instanceof Command.Send send) {
            keyIndexes.computeIfAbsent(send.key(), k -> new IntArrayList()).add(index);
        }
        String id = command.requestId();
        if (id != null) {
            requestIndex.putIfAbsent(id, index);
        }
    }

    @Override
    public void removed(int index, Command command) {
        String id = command.requestId();
        if (id != null && Integer.valueOf(index).equals(requestIndex.get(id))) {
            requestIndex.remove(id);
        }
        if (command instanceof Command.Send send) {
            IntArrayList indexes = keyIndexes.get(send.key());
            indexes.removeAtIndex(indexes.size() - 1);
        }
    }

    @Override
    public void evicted(int index, Command command) {
        String id = command.requestId();
        if (id != null && Integer.valueOf(index).equals(requestIndex.get(id))) {
            requestIndex.remove(id);
        }
    }

    /** Where the request sits in the log, or 0 when it is not there (or was evicted). */
    int indexOf(String requestId) {
        Integer index = requestIndex.get(requestId);
        return index == null ? 0 : index;
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

    /** The offset of the send to {@code key} at log index {@code index} (which must be one). */
    long offsetAt(String key, int index) {
        return keyIndexes.get(key).binarySearch(index);
    }
}
