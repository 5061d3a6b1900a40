package glomers.linkv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Bodies;
import glomers.core.Env;
import glomers.core.ErrorCode;
import glomers.core.Request;
import glomers.core.RpcError;
import glomers.raft.Raft;
import java.util.ArrayDeque;
import java.util.PriorityQueue;

/**
 * Linearizable reads without log entries, on any node: each read asks {@link Raft#readIndex}
 * (ReadIndex: the leader confirms with a majority that it still leads, on the appends it sends
 * anyway, and a follower's reads get the leader's answer on its next append), then waits until
 * this node's store has applied that index, and answers from the store.
 *
 * <p>A read changes nothing, so its failure is simple: one not answered within the reply window
 * gets the definite error 11, which Maelstrom's client records as a failed read.
 */
final class Reads {

    static final int MAX_READS = 10_000;

    private final Env env;
    private final Raft<Command> raft;
    private final Store store;
    private final long replyNanos;
    /** Deliberate bug for the checker's tests: a follower answers from its own store at once. */
    private final boolean flawLocalReads;

    /** Every read not yet answered, oldest first: their deadlines. */
    private final ArrayDeque<Read> byArrival = new ArrayDeque<>();
    /** Reads with a read index, waiting for the store to apply it, lowest index first. */
    private final PriorityQueue<Read> waitingApply = new PriorityQueue<>((a, b) -> Integer.compare(a.index, b.index));
    private int applied;

    private static final class Read {
        final Request request;
        final JsonNode key;
        final long deadlineNanos;
        int index;
        boolean answered;

        Read(Request request, JsonNode key, long deadlineNanos) {
            this.request = request;
            this.key = key;
            this.deadlineNanos = deadlineNanos;
        }
    }

    Reads(Env env, Raft<Command> raft, Store store, long replyNanos, boolean flawLocalReads) {
        this.env = env;
        this.raft = raft;
        this.store = store;
        this.replyNanos = replyNanos;
        this.flawLocalReads = flawLocalReads;
    }

    void read(Request request, JsonNode key) throws RpcError {
        Read read = new Read(request, key, request.receivedNanos() + replyNanos);
        if (flawLocalReads && !raft.isLeader()) {
            answer(read);
            return;
        }
        if (byArrival.size() >= MAX_READS) {
            throw new RpcError(ErrorCode.TEMPORARILY_UNAVAILABLE, byArrival.size() + " reads already wait on this node");
        }
        byArrival.add(read);
        raft.readIndex(index -> {
            if (read.answered) {
                return; // past its deadline: answered with 11 already
            }
            read.index = index;
            if (index <= applied) {
                answer(read);
            } else {
                waitingApply.add(read);
            }
        });
    }

    private void answer(Read read) {
        read.answered = true;
        JsonNode value = store.get(read.key);
        if (value == null) {
            read.request.replyError(new RpcError(ErrorCode.KEY_DOES_NOT_EXIST, "key " + read.key + " does not exist"));
            return;
        }
        ObjectNode body = Bodies.of("read_ok");
        body.set("value", value);
        read.request.reply(body);
    }

    /** The store has applied every entry through {@code index}. */
    void applied(int index) {
        applied = index;
        while (!waitingApply.isEmpty() && waitingApply.peek().index <= applied) {
            Read read = waitingApply.poll();
            if (!read.answered) {
                answer(read);
            }
        }
    }

    /** Answers the reads past their deadline with 11. */
    void onTick() {
        long now = env.nowNanos();
        while (!byArrival.isEmpty()) {
            Read read = byArrival.peekFirst();
            if (!read.answered && now < read.deadlineNanos) {
                break;
            }
            byArrival.pollFirst();
            if (!read.answered) {
                read.answered = true;
                read.request.replyError(new RpcError(ErrorCode.TEMPORARILY_UNAVAILABLE, "no read index within "
                        + replyNanos / 1_000_000 + " ms (leader " + raft.leader() + ", term " + raft.term() + ")"));
            }
        }
    }
}
