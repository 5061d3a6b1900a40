package glomers.raft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Bodies;
import java.util.ArrayList;
import java.util.List;

/**
 * Rounds that travel around the cluster (leader, each follower in turn, leader) as one message
 * per hop, instead of an append to each follower and an ack back from each: n messages a round
 * where a star needs 2(n - 1). The logical messages are Raft's own, unchanged; a ring message
 * only carries them ({@code items}: source, destination, body). Each node handles the items for
 * it at once (so a follower commits and answers its clients then), holds the message for its
 * share of the batch gap, and passes the rest on with its own: its ack, and the forwards and
 * read asks its clients sent meanwhile. With three nodes a round costs three messages, every
 * follower hears every round, and an op is answered about one gap after it arrived, on any node.
 *
 * <p>This side is the leader's: whether to send rounds around the ring at all. A ring is as
 * weak as its weakest link, and slower than a star by the hops it adds. A round that has not
 * come back within twice the batch gap (or four ring round trips) sends the leader back to a
 * star of direct appends for a backoff (half a second, doubling to eight), and so do four
 * rounds in a row whose hops alone took longer than two batch gaps (a cold start, a slow
 * network); then it tries again. (Raft also keeps to the star while its direct round trips say a round's hops
 * would take longer than a gap, so a slow network is not tried at all.)
 */
final class Ring {

    static final String TYPE = "ring";
    private static final long FIRST_BACKOFF_NANOS = 500_000_000L;
    private static final long MAX_BACKOFF_NANOS = 8_000_000_000L;
    private static final int SLOW_ROUNDS = 4;

    /** A ring message being built: the hops still ahead of this node and what they will carry. */
    static final class Batch {
        final List<String> ahead;
        final long seq;
        final ArrayNode items = Bodies.nodes().arrayNode();

        Batch(List<String> ahead, long seq) {
            this.ahead = ahead;
            this.seq = seq;
        }

        /** Whether a message to {@code dest} can ride on this one. */
        boolean reaches(String dest) {
            return ahead.contains(dest);
        }

        void add(String src, String dest, ObjectNode body) {
            items.addArray().add(src).add(dest).add(body);
        }

        /** The message to the next hop; null when nothing is left to carry or nowhere to go. */
        ObjectNode next() {
            if (ahead.isEmpty() || items.isEmpty()) {
                return null;
            }
            ObjectNode body = Bodies.of(TYPE);
            ArrayNode path = body.putArray("path");
            for (String hop : ahead.subList(1, ahead.size())) {
                path.add(hop);
            }
            body.put("seq", seq);
            body.set("items", items);
            return body;
        }
    }

    /** One parsed item of a ring message. */
    record Item(String src, String dest, ObjectNode body) {
        static Item parse(JsonNode json) {
            if (!json.isArray() || json.size() != 3 || !json.get(0).isTextual() || !json.get(1).isTextual()
                    || !json.get(2).isObject() || !json.get(2).path("type").isTextual()) {
                throw new IllegalArgumentException("a ring item is [src, dest, body with a type], got " + json);
            }
            return new Item(json.get(0).asText(), json.get(1).asText(), (ObjectNode) json.get(2));
        }
    }

    /** The hops of a ring message as sent: the nodes after the one it reached, in order. */
    static List<String> path(JsonNode body) {
        JsonNode path = body.get("path");
        if (path == null || !path.isArray()) {
            throw new IllegalArgumentException("a ring message needs a path, got " + body);
        }
        List<String> hops = new ArrayList<>(path.size());
        for (JsonNode hop : path) {
            if (!hop.isTextual()) {
                throw new IllegalArgumentException("a ring hop is a node id, got " + hop);
            }
            hops.add(hop.asText());
        }
        return hops;
    }

    private final boolean enabled;
    private final long batchNanos;
    private final long holdNanos;
    private final int nodes;
    private long seq;
    /** When the last few rounds went, by seq: a round that comes back late is still measured. */
    private final long[] sentSeq = new long[16];
    private final long[] sentNanos = new long[16];
    private long outstandingSeq;
    private long outstandingSentNanos = -1;
    private long smoothedRttNanos;
    /** Rounds in a row whose hops alone (the holds taken out) took longer than two batch gaps. */
    private int slowRounds;
    private long retryAtNanos = Long.MIN_VALUE;
    private long backoffNanos = FIRST_BACKOFF_NANOS;

    Ring(boolean enabled, long batchNanos, int nodes) {
        this.enabled = enabled;
        this.batchNanos = batchNanos;
        this.nodes = nodes;
        this.holdNanos = batchNanos / nodes;
    }

    /**
     * How long a follower holds a ring message before passing it on: its share of the batch gap,
     * so a round still takes one gap to go around, and what this node's clients asked meanwhile
     * (forwards, read asks) rides on it. Without the holds, answers would go out as the round
     * passed and the clients' next requests would arrive just after it, every one of them a
     * round late.
     */
    long holdNanos() {
        return holdNanos;
    }

    /** Whether this leader sends its rounds around the ring now. */
    boolean inUse(long now) {
        return enabled && now >= retryAtNanos;
    }

    /** A new leadership: whatever the last one learned of the ring, try it. */
    void startTerm() {
        outstandingSentNanos = -1;
        retryAtNanos = Long.MIN_VALUE;
        backoffNanos = FIRST_BACKOFF_NANOS;
        slowRounds = 0;
    }

    /** The number of a round about to go out. */
    long sent(long now) {
        seq++;
        sentSeq[(int) (seq & 15)] = seq;
        sentNanos[(int) (seq & 15)] = now;
        if (outstandingSentNanos < 0) {
            outstandingSeq = seq;
            outstandingSentNanos = now;
        }
        return seq;
    }

    /** A round came back to this leader: the ring holds; false when it is too slow to keep. */
    boolean returned(long roundSeq, long now) {
        int slot = (int) (roundSeq & 15);
        if (roundSeq <= 0 || sentSeq[slot] != roundSeq) {
            return true;
        }
        // Each round once: a duplicate of it says nothing new.
        sentSeq[slot] = 0;
        long rtt = now - sentNanos[slot];
        smoothedRttNanos = smoothedRttNanos == 0 ? rtt : (7 * smoothedRttNanos + rtt) / 8;
        if (outstandingSentNanos >= 0 && roundSeq >= outstandingSeq) {
            outstandingSentNanos = -1;
        }
        if (rtt - (nodes - 1) * holdNanos <= 2 * batchNanos) {
            slowRounds = 0;
            backoffNanos = FIRST_BACKOFF_NANOS;
            return true;
        }
        if (++slowRounds < SLOW_ROUNDS) {
            return true;
        }
        // Slow rounds in a row: a cold start (every process still compiling its code), a busy
        // machine, or a network slower than the gate saw, where a hop per node costs more than
        // the messages it saves. Back off as for a lost round: the first costs half a second.
        slowRounds = 0;
        smoothedRttNanos = 0;
        giveUp(now, backoffNanos);
        backoffNanos = Math.min(MAX_BACKOFF_NANOS, 2 * backoffNanos);
        return false;
    }

    /** True once, when the oldest round out is overdue: the leader goes back to a star for a while. */
    boolean broken(long now) {
        if (outstandingSentNanos < 0 || now - outstandingSentNanos <= Math.max(2 * batchNanos, 4 * smoothedRttNanos)) {
            return false;
        }
        giveUp(now, backoffNanos);
        backoffNanos = Math.min(MAX_BACKOFF_NANOS, 2 * backoffNanos);
        return true;
    }

    private void giveUp(long now, long forNanos) {
        outstandingSentNanos = -1;
        retryAtNanos = now + forNanos;
    }
}
