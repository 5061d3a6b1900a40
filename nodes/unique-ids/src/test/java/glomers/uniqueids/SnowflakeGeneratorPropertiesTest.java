package glomers.uniqueids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Snowflake ids under adversarial clocks: steps back, freezes, jumps forward, clocks before the
 * project epoch, and bursts of more than 4096 ids in one millisecond. QuickTheories prints the
 * seed of a failing run; the build fixes it (qt.seed in the parent POM), and {@code mvn test
 * -Dqt.seed=N} replays or explores another.
 */
class SnowflakeGeneratorPropertiesTest {

    static final long SEQUENCE_MASK = SnowflakeGenerator.MAX_SEQUENCE;
    static final int MILLIS_SHIFT = SnowflakeGenerator.NODE_BITS + SnowflakeGenerator.SEQUENCE_BITS;

    /** One clock reading and how many ids are drawn while the clock shows it. */
    record Step(int kind, long amountMillis, int burst) {
        long apply(long clockMillis) {
            return switch (kind) {
                case 0 -> clockMillis + amountMillis % 4;          // normal ticking, often the same ms
                case 1 -> clockMillis;                              // frozen
                case 2 -> clockMillis - 1 - amountMillis % 100_000; // NTP steps back
                case 3 -> clockMillis + amountMillis;               // jump forward (up to an hour)
                default -> SnowflakeGenerator.EPOCH_MILLIS - 1 - amountMillis; // before the project epoch
            };
        }
    }

    static Gen<Step> steps() {
        Gen<Integer> kind = integers().between(0, 12).map(k -> k <= 4 ? 0 : k <= 6 ? 1 : k <= 9 ? 2 : k <= 11 ? 3 : 4);
        Gen<Integer> burst = integers().between(1, 40).mix(integers().between(4_000, 9_000), 10);
        return kind.zip(longs().between(0, 3_600_000), burst, Step::new);
    }

    static Gen<List<Integer>> nodeIndexes() {
        Gen<Integer> index = integers().between(0, SnowflakeGenerator.MAX_NODES - 1)
                .mix(integers().between(0, 1), 20)
                .mix(integers().between(SnowflakeGenerator.MAX_NODES - 2, SnowflakeGenerator.MAX_NODES - 1), 20);
        return lists().of(index).ofSizeBetween(1, 6).map(l -> List.copyOf(new LinkedHashSet<>(l)));
    }

    @Test
    void idsAreUniqueMonotonicAndCarryTheirNodeUnderAdversarialClocks() {
        long[] total = {0};
        qt().withExamples(40).withShrinkCycles(30)
                .forAll(nodeIndexes(), lists().of(steps()).ofSizeBetween(1, 200), longs().between(0, 100_000_000_000L))
                .checkAssert((nodes, schedule, startOffset) -> total[0] += checkRun(nodes, schedule, SnowflakeGenerator.EPOCH_MILLIS + startOffset));
        assertTrue(total[0] > 1_000_000, "only " + total[0] + " ids generated in total");
    }

    /** Runs every node through the same clock schedule (the worst case for collisions); returns the id count. */
    static long checkRun(List<Integer> nodes, List<Step> schedule, long startMillis) {
        List<long[]> perNode = new ArrayList<>();
        for (int node : nodes) {
            SnowflakeGenerator generator = new SnowflakeGenerator(node);
            long[] ids = new long[schedule.stream().mapToInt(Step::burst).sum()];
            int n = 0;
            long clock = startMillis;
            long maxClockSeen = Long.MIN_VALUE;
            long previous = -1;
            for (Step step : schedule) {
                clock = step.apply(clock);
                maxClockSeen = Math.max(maxClockSeen, clock);
                for (int i = 0; i < step.burst(); i++) {
                    long id = generator.next(clock);
                    assertTrue(id > previous, () -> "not strictly increasing on node " + node + ": " + id);
                    assertEquals(node, SnowflakeGenerator.nodeIndexOf(id), "node field of " + id);
                    assertTrue(id >= 0, "negative id " + id);
                    long idMillis = id >>> MILLIS_SHIFT;
                    long floor = Math.max(0, maxClockSeen - SnowflakeGenerator.EPOCH_MILLIS);
                    assertTrue(idMillis >= floor, () -> "id " + id + " is behind the latest clock reading");
                    assertTrue((id & SEQUENCE_MASK) <= SnowflakeGenerator.MAX_SEQUENCE);
                    previous = id;
                    ids[n++] = id;
                }
            }
            perNode.add(ids);
        }
        long[] all = perNode.stream().flatMapToLong(Arrays::stream).toArray();
        Arrays.sort(all);
        for (int i = 1; i < all.length; i++) {
            if (all[i] == all[i - 1]) {
                throw new AssertionError("duplicate id " + all[i] + " across nodes " + nodes);
            }
        }
        return all.length;
    }

    @Test
    void aBurstBeyondTheSequenceMovesToTheNextMillisecondInsteadOfSpilling() {
        SnowflakeGenerator generator = new SnowflakeGenerator(5);
        long clock = SnowflakeGenerator.EPOCH_MILLIS + 1_000;
        long first = generator.next(clock);
        long last = first;
        for (int i = 1; i <= SnowflakeGenerator.MAX_SEQUENCE; i++) {
            last = generator.next(clock);
        }
        assertEquals(SnowflakeGenerator.MAX_SEQUENCE, last & SEQUENCE_MASK);
        long spilled = generator.next(clock);
        assertEquals((first >>> MILLIS_SHIFT) + 1, spilled >>> MILLIS_SHIFT);
        assertEquals(0, spilled & SEQUENCE_MASK);
        assertEquals(5, SnowflakeGenerator.nodeIndexOf(spilled));
    }

    @Test
    void nodeIndexesOutsideTheTenBitFieldAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SnowflakeGenerator(-1));
        assertThrows(IllegalArgumentException.class, () -> new SnowflakeGenerator(SnowflakeGenerator.MAX_NODES));
    }

    @Test
    void theMillisecondFieldRunningOutIsAnErrorNotAWrap() {
        SnowflakeGenerator generator = new SnowflakeGenerator(0);
        long lastMillis = SnowflakeGenerator.EPOCH_MILLIS + SnowflakeGenerator.MAX_MILLIS;
        long id = generator.next(lastMillis);
        assertTrue(id > 0);
        assertThrows(IllegalStateException.class, () -> generator.next(lastMillis + 1));
    }
}
