package glomers.harness.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionShapesTest {

    private static List<String> nodes(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("n" + i);
        }
        return ids;
    }

    private static int cutOffCount(Map<String, Set<String>> g) {
        return (int) g.values().stream().filter(s -> !s.isEmpty()).count();
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5, 25})
    void oneCutsASingleNodeBothWays(int n) {
        for (long seed = 0; seed < 20; seed++) {
            Map<String, Set<String>> g = PartitionShapes.grudge("one", nodes(n), new SplittableRandom(seed));
            String isolated = g.entrySet().stream().filter(e -> e.getValue().size() == n - 1).findFirst()
                    .orElseThrow().getKey();
            for (String other : nodes(n)) {
                if (!other.equals(isolated)) {
                    assertEquals(Set.of(isolated), g.get(other), "seed " + seed);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5, 25})
    void majoritySplitsFloorAndCeilOfHalf(int n) {
        Map<String, Set<String>> g = PartitionShapes.grudge("majority", nodes(n), new SplittableRandom(n));
        int small = n / 2;
        long inSmall = g.values().stream().filter(s -> s.size() == n - small).count();
        long inLarge = g.values().stream().filter(s -> s.size() == small).count();
        if (small == n - small) {
            assertEquals(n, inSmall);
        } else {
            assertEquals(small, inSmall);
            assertEquals(n - small, inLarge);
        }
        symmetric(g);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5, 25})
    void minorityThirdCutsTheFirstThirdOfShuffledNodes(int n) {
        Map<String, Set<String>> g = PartitionShapes.grudge("minority-third", nodes(n), new SplittableRandom(n));
        int cut = (n - 1) / 3;
        assertEquals(Map.of(2, 0, 3, 0, 5, 1, 25, 8).get(n), cut);
        if (cut == 0) {
            assertEquals(0, cutOffCount(g), "a no-op for n <= 3");
        } else {
            assertEquals(cut, g.values().stream().filter(s -> s.size() == n - cut).count());
        }
        symmetric(g);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5, 25})
    void majoritiesRing(int n) {
        Map<String, Set<String>> g = PartitionShapes.grudge("majorities-ring", nodes(n), new SplittableRandom(n));
        int m = n / 2 + 1;
        switch (n) {
            case 2 -> assertEquals(0, cutOffCount(g), "n = 2 is a no-op");
            case 3 -> {
                // Each node drops exactly one other, and no pair drops each other: one-way cuts.
                g.values().forEach(s -> assertEquals(1, s.size()));
                g.forEach((dest, srcs) -> srcs.forEach(src -> assertTrue(!g.get(src).contains(dest))));
            }
            case 5 -> {
                g.values().forEach(s -> assertEquals(2, s.size()));
                symmetric(g);
            }
            default -> {
                g.values().forEach(s -> assertTrue(n - s.size() >= m, "every node keeps a majority"));
                symmetric(g);
                assertTrue(cutOffCount(g) > 0);
            }
        }
        assertEquals(n, g.size());
    }

    private static void symmetric(Map<String, Set<String>> g) {
        g.forEach((dest, srcs) -> srcs.forEach(src -> assertTrue(g.get(src).contains(dest),
                dest + " drops " + src + " but not the reverse")));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5, 25})
    void oneWayCutsOneDirectionOnly(int n) {
        for (long seed = 0; seed < 20; seed++) {
            Map<String, Set<String>> g = PartitionShapes.grudge("one-way", nodes(n), new SplittableRandom(seed));
            Set<String> deaf = g.keySet();
            Set<String> unheard = g.values().iterator().next();
            assertEquals(n / 2, deaf.size(), "seed " + seed);
            assertEquals(n - n / 2, unheard.size(), "seed " + seed);
            for (String node : deaf) {
                assertEquals(unheard, g.get(node), "every deaf node drops the same half; seed " + seed);
            }
            for (String node : unheard) {
                assertTrue(!g.containsKey(node), "the other half hears everyone; seed " + seed);
                assertTrue(!deaf.contains(node), "seed " + seed);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 5, 25})
    void bridgeKeepsOneMiddleNodeLinkedToBothHalves(int n) {
        for (long seed = 0; seed < 20; seed++) {
            Map<String, Set<String>> g = PartitionShapes.grudge("bridge", nodes(n), new SplittableRandom(seed));
            List<String> middles = nodes(n).stream().filter(x -> !g.containsKey(x)).toList();
            assertEquals(1, middles.size(), "seed " + seed);
            String middle = middles.get(0);
            assertEquals(n - 1, g.size(), "seed " + seed);
            for (Set<String> dropped : g.values()) {
                assertTrue(!dropped.contains(middle), "nobody drops the middle; seed " + seed);
            }
            int half = (n - 1) / 2;
            for (Set<String> dropped : g.values()) {
                assertTrue(dropped.size() == half || dropped.size() == n - 1 - half, "a half drops the other; seed " + seed);
            }
            symmetric(g);
        }
    }
}
