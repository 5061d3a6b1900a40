package glomers.raft;

import glomers.core.Env;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A follower's side of ReadIndex: its reads wait, numbered, and its next ack to the leader asks
 * for a read index for all of them at once ({@code read_ask}, the newest number); the leader
 * confirms one as for its own reads and sends it back on its next append ({@code read_reply}),
 * which answers every read numbered up to the one it names. Asked again of a new leader, and
 * when an answer is overdue (a lost message).
 *
 * <p>Numbers are per incarnation: an ask carries this incarnation's random id, and an answer
 * for another one (sent to this node before it crashed) is ignored, since it confirms nothing
 * about reads that arrived after the restart.
 */
final class ReadAsks {

    /** Past this many unanswered reads the oldest are dropped: their clients have long been answered by the host's deadline. */
    static final int MAX_ASKS = 100_000;

    private record Ask(long seq, Raft.ReadIndexCallback callback) {
    }

    private final Env env;
    /** Drawn at the first read, so a host that never reads (kafka) draws nothing from the random source. */
    private long incarnation;
    private final ArrayDeque<Ask> asks = new ArrayDeque<>();
    private long newestSeq;
    private boolean wanted;
    private long askedNanos;

    ReadAsks(Env env) {
        this.env = env;
    }

    long incarnation() {
        return incarnation;
    }

    void add(Raft.ReadIndexCallback callback) {
        if (newestSeq == 0) {
            incarnation = env.random().nextLong();
        }
        if (asks.size() >= MAX_ASKS) {
            asks.pollFirst();
        }
        asks.add(new Ask(++newestSeq, callback));
        wanted = true;
    }

    boolean isEmpty() {
        return asks.isEmpty();
    }

    /** The number to ask for on a message leaving now, or 0 when nothing needs asking. */
    long toAsk(long nowNanos) {
        if (!wanted || asks.isEmpty()) {
            return 0;
        }
        wanted = false;
        askedNanos = nowNanos;
        return newestSeq;
    }

    /** Ask again on the next message (a new leader, an overdue answer); true when there is something to ask. */
    boolean askAgain() {
        wanted = !asks.isEmpty();
        return wanted;
    }

    boolean overdue(long nowNanos, long afterNanos) {
        return !asks.isEmpty() && !wanted && nowNanos - askedNanos >= afterNanos;
    }

    /** The leader's answer: every read numbered up to {@code seq} may be served once {@code index} is applied. */
    void answered(long askedIncarnation, long seq, int index) {
        if (askedIncarnation != incarnation) {
            return;
        }
        while (!asks.isEmpty() && asks.peekFirst().seq() <= seq) {
            asks.pollFirst().callback().confirmed(index);
        }
    }

    /** Becoming leader: the reads still waiting, to be confirmed by this node's own rounds. */
    List<Raft.ReadIndexCallback> drain() {
        List<Raft.ReadIndexCallback> waiting = new ArrayList<>();
        for (Ask ask : asks) {
            waiting.add(ask.callback());
        }
        asks.clear();
        wanted = false;
        return waiting;
    }
}
