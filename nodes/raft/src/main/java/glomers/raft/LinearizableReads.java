package glomers.raft;

import glomers.core.Env;
import glomers.core.ErrorCode;
import glomers.core.Request;
import glomers.core.RpcError;
import java.util.ArrayDeque;
import java.util.PriorityQueue;

/**
 * Linearizable reads without log entries, for any host, on any node: each read asks
 * {@link Raft#readIndex} (ReadIndex: the leader confirms with a majority that it still leads, on
 * the appends it sends anyway, and a follower's reads get the leader's answer on its next
 * append), then waits until this node's state has applied that index, and is answered from the
 * state by the host's {@link Answer}. lin-kv's reads and the transaction stores' read-only
 * transactions go through it.
 *
 * <p>A read changes nothing, so its failure is simple: one not answered within the reply window
 * gets the definite error 11, which Maelstrom's clients record as a failed read.
 */
public final class LinearizableReads {

    /** Answers a read from the host's state as applied now (through at least its read index). */
    public interface Answer {
        void answer(Request request);
    }

    public static final int MAX_READS = 10_000;

    private final Env env;
    private final Raft<?> raft;
    private final long replyNanos;

    /** Every read not yet answered, oldest first: their deadlines. */
    private final ArrayDeque<Read> byArrival = new ArrayDeque<>();
    /** Reads with a read index, waiting for the state to apply it, lowest index first. */
    private final PriorityQueue<Read> waitingApply = new PriorityQueue<>((a, b) -> Integer.compare(a.index, b.index));
    private int applied;

    private static final class Read {
        final Request request;
        final Answer answer;
        final long deadlineNanos;
        int index;
        boolean answered;

        Read(Request request, Answer answer, long deadlineNanos) {
            this.request = request;
            this.answer = answer;
            this.deadlineNanos = deadlineNanos;
        }
    }

    public LinearizableReads(Env env, Raft<?> raft, long replyNanos) {
        this.env = env;
        this.raft = raft;
        this.replyNanos = replyNanos;
    }

    public void read(Request request, Answer answer) throws RpcError {
        if (byArrival.size() >= MAX_READS) {
            throw new RpcError(ErrorCode.TEMPORARILY_UNAVAILABLE, byArrival.size() + " reads already wait on this node");
        }
        Read read = new Read(request, answer, request.receivedNanos() + replyNanos);
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
        read.answer.answer(read.request);
    }

    /** The host's state has applied every entry through {@code index} (committed, or a snapshot restored). */
    public void applied(int index) {
        applied = index;
        while (!waitingApply.isEmpty() && waitingApply.peek().index <= applied) {
            Read read = waitingApply.poll();
            if (!read.answered) {
                answer(read);
            }
        }
    }

    /** Answers the reads past their deadline with 11. */
    public void onTick() {
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
