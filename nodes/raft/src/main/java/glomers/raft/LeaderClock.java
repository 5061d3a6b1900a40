package glomers.raft;

/**
 * A follower's lower bound on its leader's monotonic clock, for the deadlines of the requests it
 * forwards. Each append carries the leader's clock when it left ({@code clock}, milliseconds);
 * the leader's clock has moved on by at least the time the append spent in the network, so the
 * stamp plus the time since it arrived (on this node's monotonic clock) is never ahead of the
 * leader's clock. A forward's deadline is sent on that bound, and the leader compares it with its
 * own clock when the forward arrives: neither node's wall clock is read (a skewed one made the
 * leader refuse fresh forwards, or take stale ones), and time the forward spends in the network
 * or in the leader's inbox counts against it, so the leader may drop a request a little early,
 * never late. One leader's clock means nothing to another, nor to its next incarnation: the bound
 * holds for one leader in one term.
 */
final class LeaderClock {

    static final long UNKNOWN = Long.MIN_VALUE;

    private long term = -1;
    private String leader;
    /** The leader's clock minus this node's, at least: the best (largest) over the stamps heard. */
    private long offsetNanos;

    /** The stamp an append leaving now carries: this node's clock in milliseconds. */
    static long stampMillis(long nowNanos) {
        return Math.floorDiv(nowNanos, 1_000_000L);
    }

    /** An append of {@code leader} in {@code term} stamped {@code stampMillis} arrived at {@code nowNanos}. */
    void heard(long term, String leader, long stampMillis, long nowNanos) {
        long offset = stampMillis * 1_000_000L - nowNanos;
        if (term != this.term || !leader.equals(this.leader)) {
            this.term = term;
            this.leader = leader;
            offsetNanos = offset;
        } else {
            offsetNanos = Math.max(offsetNanos, offset);
        }
    }

    /**
     * {@code localNanos} on the clock of {@code leader} in {@code term}, in milliseconds, never
     * later than the truth; {@link #UNKNOWN} before an append of that leader in that term was heard.
     */
    long leaderMillis(long term, String leader, long localNanos) {
        if (term != this.term || leader == null || !leader.equals(this.leader)) {
            return UNKNOWN;
        }
        return Math.floorDiv(localNanos + offsetNanos, 1_000_000L);
    }
}
