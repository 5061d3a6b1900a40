package glomers.uniqueids;

/**
 * Snowflake-style 63-bit ids: milliseconds since {@link #EPOCH_MILLIS} (41 bits, until 2093),
 * the node index (10 bits), a per-millisecond sequence (12 bits). Unique across nodes because
 * each node index is distinct; monotonic per node because the millisecond never goes back: a
 * clock that steps back or freezes keeps the last millisecond, and when its sequence is spent
 * the generator moves on to the next millisecond instead of letting the sequence spill over.
 */
final class SnowflakeGenerator {

    /** 2024-01-01T00:00:00Z. */
    static final long EPOCH_MILLIS = 1_704_067_200_000L;
    static final int SEQUENCE_BITS = 12;
    static final int NODE_BITS = 10;
    static final int MILLIS_BITS = 41;
    static final int MAX_NODES = 1 << NODE_BITS;
    static final long MAX_SEQUENCE = (1L << SEQUENCE_BITS) - 1;
    static final long MAX_MILLIS = (1L << MILLIS_BITS) - 1;

    private final long nodeBits;
    private long lastMillis = -1;
    private long sequence;

    SnowflakeGenerator(int nodeIndex) {
        if (nodeIndex < 0 || nodeIndex >= MAX_NODES) {
            throw new IllegalArgumentException("node index " + nodeIndex + " outside [0, " + MAX_NODES + ")");
        }
        this.nodeBits = (long) nodeIndex << SEQUENCE_BITS;
    }

    /**
     * Every id from now on lies above millisecond {@code floorMillis} (since {@link #EPOCH_MILLIS}),
     * whatever the clock says: for a restart that must not reissue what it gave before.
     */
    void startAbove(long floorMillis) {
        if (floorMillis > lastMillis) {
            lastMillis = floorMillis;
            sequence = MAX_SEQUENCE; // spent: the next id moves on to the next millisecond
        }
    }

    /** The millisecond field of an id, since {@link #EPOCH_MILLIS}. */
    static long millisOf(long id) {
        return id >>> (NODE_BITS + SEQUENCE_BITS);
    }

    /** The next id, given the wall clock now (which may step back or freeze). */
    long next(long epochMillis) {
        long millis = Math.max(epochMillis - EPOCH_MILLIS, 0);
        if (millis > lastMillis) {
            lastMillis = millis;
            sequence = 0;
        } else if (sequence < MAX_SEQUENCE) {
            sequence++;
        } else {
            lastMillis++;
            sequence = 0;
        }
        if (lastMillis > MAX_MILLIS) {
            throw new IllegalStateException("the 41-bit millisecond field is exhausted (year 2093)");
        }
        return (lastMillis << (NODE_BITS + SEQUENCE_BITS)) | nodeBits | sequence;
    }

    static int nodeIndexOf(long id) {
        return (int) ((id >>> SEQUENCE_BITS) & (MAX_NODES - 1));
    }
}
