package glomers.harness.cluster;

/**
 * A node whose wall clock the clock nemesis can set off from true time, forwards or back, as an
 * NTP step or a bad host clock does. Only the wall clock (a node's {@code Env.epochMillis}) moves:
 * the monotonic clock ({@code Env.nowNanos}) never steps on a real host either.
 */
public interface ClockSkewable {

    String id();

    boolean up();

    /** How far the node's wall clock is ahead of true time (negative: behind). */
    long clockOffsetMillis();

    void setClockOffsetMillis(long offsetMillis);
}
