package glomers.kafka;

import glomers.raft.RaftLog;
import glomers.raft.RequestIds;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * Kafka's two indexes of the Raft log, kept in step with it: where each client request sits
 * ({@link RequestIds}, so a duplicate is recognised and never appended twice) and, per key, the
 * log index of each offset (so a poll is a walk along a key's own sends, and an offset is the
 * position in that list). Offsets are dense, start at 0, and need not travel: every replica
 * derives them alike from the log before them.
 */
final class LogIndex implements RaftLog.Observer<Command> {

    private final RequestIds<Command> requestIds = new RequestIds<>(Command::requestId);
    private final Map<String, IntArrayList> keyIndexes = new HashMap<>();

    RequestIds<Command> requestIds() {
        return requestIds;
    }

    @Override
    public void appended(int index, Command command) {
        if (command instanceof Command.Send send) {
            keyIndexes.computeIfAbsent(send.key(), k -> new IntArrayList()).add(index);
        }
        requestIds.appended(index, command);
    }

    @Override
    public void removed(int index, Command command) {
        requestIds.removed(index, command);
        if (command instanceof Command.Send send) {
            IntArrayList indexes = keyIndexes.get(send.key());
            indexes.removeAtIndex(indexes.size() - 1);
        }
    }

    @Override
    public void evicted(int index, Command command) {
        requestIds.evicted(index, command);
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
