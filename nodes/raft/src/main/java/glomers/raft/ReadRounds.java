package glomers.raft;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The leader's side of ReadIndex (Raft thesis section 6.4): reads wait in rounds, and a round is
 * confirmed when a majority has answered an append that carried its number or a later one's.
 * Every such append left after every read in the round was added, so the answers prove that
 * this node still led, in its term, after each read arrived. Reads added before the next append
 * goes out share its round, so many reads cost one exchange of messages, and where appends flow
 * anyway (writes, heartbeats) a round costs nothing extra: it rides on them.
 */
final class ReadRounds {

    private static final class Round {
        final long seq;
        int index;
        final List<Raft.ReadIndexCallback> waiting = new ArrayList<>();

        Round(long seq) {
            this.seq = seq;
        }
    }

    private final ArrayDeque<Round> rounds = new ArrayDeque<>();
    /** The newest round any append has carried in this term. */
    private long sentSeq;
    /** Per follower, the newest round it has answered in this term. */
    private final Map<String, Long> answered = new HashMap<>();
    /** A deliberate bug for the checkers' tests ({@link Raft#plantStaleReadAcks}); false in every binary. */
    private boolean staleAcksCount;

    /** Plants the bug: any ack of this term counts for every round, even one opened after the ack was sent. */
    void plantStaleAcks() {
        staleAcksCount = true;
    }

    /** A new term as leader: numbering starts again (followers echo only this term's). */
    void startTerm() {
        sentSeq = 0;
        answered.clear();
    }

    /**
     * Adds a read whose state must include everything through {@code index}; true when it opened
     * a new round, which needs an append to every follower.
     */
    boolean add(int index, Raft.ReadIndexCallback callback) {
        Round round = rounds.peekLast();
        boolean opened = false;
        if (round == null || round.seq <= sentSeq) {
            round = new Round(round == null ? sentSeq + 1 : round.seq + 1);
            rounds.add(round);
            opened = true;
        }
        round.index = Math.max(round.index, index);
        round.waiting.add(callback);
        return opened;
    }

    /** The round number an append leaving now carries, or 0 when no read waits (so kafka's appends stay as they were). */
    long carry() {
        Round newest = rounds.peekLast();
        if (newest == null) {
            return 0;
        }
        sentSeq = Math.max(sentSeq, newest.seq);
        return newest.seq;
    }

    /**
     * {@code follower} answered an append of this term that carried round {@code seq} (0 for none);
     * confirms what a majority has.
     */
    void answered(String follower, long seq, int majority) {
        if (staleAcksCount) {
            seq = Long.MAX_VALUE; // the planted bug: an ack delayed from before a round began counts for it
        } else if (seq <= answered.getOrDefault(follower, 0L)) {
            return;
        }
        answered.put(follower, seq);
        while (!rounds.isEmpty()) {
            Round round = rounds.peekFirst();
            int count = 1;
            for (long a : answered.values()) {
                if (a >= round.seq) {
                    count++;
                }
            }
            if (count < majority) {
                return;
            }
            rounds.pollFirst();
            for (Raft.ReadIndexCallback callback : round.waiting) {
                callback.confirmed(round.index);
            }
        }
    }

    /** Stepping down: the reads still waiting, to be asked again of the next leader. */
    List<Raft.ReadIndexCallback> drain() {
        List<Raft.ReadIndexCallback> waiting = new ArrayList<>();
        for (Round round : rounds) {
            waiting.addAll(round.waiting);
        }
        rounds.clear();
        return waiting;
    }
}
