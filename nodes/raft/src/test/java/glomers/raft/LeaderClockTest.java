package glomers.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A follower's bound on its leader's clock: never ahead of the leader's true clock whatever the
 * two clocks' origins and the appends' delays, tight to within the shortest delay heard, and
 * unknown for any other leader or term.
 */
class LeaderClockTest {

    private static final long MS = 1_000_000L;

    @Test
    void theBoundIsNeverAheadOfTheLeaderAndWithinTheShortestDelayOfIt() {
        SplittableRandom random = new SplittableRandom(24);
        for (int trial = 0; trial < 1_000; trial++) {
            // Two monotonic clocks with unrelated origins (System.nanoTime may be negative).
            long leaderOrigin = random.nextLong(-1L << 50, 1L << 50);
            long followerOrigin = random.nextLong(-1L << 50, 1L << 50);
            LeaderClock clock = new LeaderClock();
            long trueNanos = 0;
            long shortestDelay = Long.MAX_VALUE;
            for (int append = 0; append < 5; append++) {
                trueNanos += random.nextLong(0, 50 * MS);
                long delay = random.nextLong(0, 200 * MS);
                shortestDelay = Math.min(shortestDelay, delay);
                long stamp = LeaderClock.stampMillis(leaderOrigin + trueNanos);
                clock.heard(3, "n0", stamp, followerOrigin + trueNanos + delay);
            }
            long later = trueNanos + 200 * MS + random.nextLong(0, 5_000 * MS);
            long bound = clock.leaderMillis(3, "n0", followerOrigin + later);
            long truth = LeaderClock.stampMillis(leaderOrigin + later);
            assertTrue(bound <= truth, "trial " + trial + ": bound " + bound + " ahead of the leader's " + truth);
            assertTrue(truth - bound <= shortestDelay / MS + 2, "trial " + trial + ": bound " + bound + " lags the leader's "
                    + truth + " by more than the shortest delay, " + shortestDelay / MS + " ms");
        }
    }

    @Test
    void aLateAppendDoesNotLowerTheBound() {
        LeaderClock clock = new LeaderClock();
        clock.heard(1, "n0", 1_000, 10 * MS); // took no time: the leader is 990 ms ahead
        clock.heard(1, "n0", 900, 20 * MS);   // an older append, held up 110 ms
        assertEquals(1_010, clock.leaderMillis(1, "n0", 20 * MS));
    }

    @Test
    void anotherLeaderOrTermHasNoBoundUntilItsOwnAppendArrives() {
        LeaderClock clock = new LeaderClock();
        assertEquals(LeaderClock.UNKNOWN, clock.leaderMillis(1, "n0", 0));
        clock.heard(1, "n0", 5_000, 0);
        assertEquals(5_000, clock.leaderMillis(1, "n0", 0));
        assertEquals(LeaderClock.UNKNOWN, clock.leaderMillis(2, "n0", 0), "the same node in a new term: maybe a new process");
        assertEquals(LeaderClock.UNKNOWN, clock.leaderMillis(1, "n1", 0));
        assertEquals(LeaderClock.UNKNOWN, clock.leaderMillis(1, null, 0));
        clock.heard(2, "n1", -7_000, 0);
        assertEquals(-7_000, clock.leaderMillis(2, "n1", 0), "a new leader's bound replaces the old one's, even when lower");
    }
}
