package glomers.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Acknowledgements that wait for the disk, with one sync for all that wait together (group
 * commit). A handler stages its write, then {@link #await}s: the first request of a turn schedules
 * the commit at the end of the turn (a timer due now, which the stdio runtime runs after the batch
 * of lines it read, before it flushes stdout; the simulator at the same instant), so one commit
 * covers every request a batch brought in. The commit writes and syncs what was staged and makes
 * it visible; only then do the replies go. A commit that fails answers every waiting request with
 * error 13 (indefinite: the write may have reached the disk) and logs why.
 */
public final class GroupCommit {

    /** What one commit does: makes every staged write durable (and visible), or throws. */
    @FunctionalInterface
    public interface Batch {
        void commit() throws IOException;
    }

    private final Env env;
    private final Batch batch;
    private List<Request> waiting = new ArrayList<>();
    private List<ObjectNode> replies = new ArrayList<>();

    public GroupCommit(Env env, Batch batch) {
        this.env = env;
        this.batch = batch;
    }

    /** Replies {@code reply} to {@code request} once the next commit is done. */
    public void await(Request request, ObjectNode reply) {
        if (waiting.isEmpty()) {
            env.after(0, this::commit);
        }
        waiting.add(request);
        replies.add(reply);
    }

    /** How many requests wait for the next commit. */
    public int waiting() {
        return waiting.size();
    }

    private void commit() {
        List<Request> requests = waiting;
        List<ObjectNode> bodies = replies;
        waiting = new ArrayList<>();
        replies = new ArrayList<>();
        try {
            batch.commit();
        } catch (IOException | RuntimeException e) {
            env.log().error("commit-failed", "could not make " + requests.size() + " writes durable; "
                    + "answering them with error 13", e);
            RpcError error = new RpcError(ErrorCode.CRASH, "could not make the write durable: " + e.getMessage());
            for (Request request : requests) {
                request.replyError(error);
            }
            return;
        }
        for (int i = 0; i < requests.size(); i++) {
            requests.get(i).reply(bodies.get(i));
        }
    }
}
