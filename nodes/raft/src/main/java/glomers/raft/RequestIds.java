package glomers.raft;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Where each client request sits in the log, kept in step with it as part of the host's
 * {@link RaftLog.Observer}: how a forwarded, resent or duplicated request is recognised and
 * never appended twice.
 *
 * <p>An id leaves memory with its entry (evicted to disk once older than the window in which a
 * request can still be forwarded: forwards carry their deadline, and the leader drops expired
 * ones), so memory per entry stays small however long the run.
 *
 * @param <C> the host's command type
 */
public final class RequestIds<C> implements RaftLog.Observer<C> {

    private final Map<String, Integer> indexes = new HashMap<>();
    private final Function<C, String> requestIdOf;

    /** @param requestIdOf a command's request id, null for one no client asked for (a no-op) */
    public RequestIds(Function<C, String> requestIdOf) {
        this.requestIdOf = requestIdOf;
    }

    public String requestIdOf(C command) {
        return requestIdOf.apply(command);
    }

    /** Where the request sits in the log, or 0 when it is not there (or was evicted). */
    public int indexOf(String requestId) {
        Integer index = indexes.get(requestId);
        return index == null ? 0 : index;
    }

    @Override
    public void appended(int index, C command) {
        String id = requestIdOf.apply(command);
        if (id != null) {
            indexes.putIfAbsent(id, index);
        }
    }

    @Override
    public void removed(int index, C command) {
        forget(index, command);
    }

    @Override
    public void evicted(int index, C command) {
        forget(index, command);
    }

    private void forget(int index, C command) {
        String id = requestIdOf.apply(command);
        if (id != null && Integer.valueOf(index).equals(indexes.get(id))) {
            indexes.remove(id);
        }
    }
}
