package glomers.harness.workload;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The key pool of Elle's generators (elle.txn/wr-txns, which jepsen.tests.kafka copies): a fixed
 * number of slots, each holding an integer key (initially 0..n-1). Slot i is picked with
 * probability proportional to 2^i (Elle's exponential key distribution, base 2), so the last slot
 * gets about half the picks. Each key's writes count 1, 2, ...; once a key has had
 * {@code maxWritesPerKey} its slot gets a fresh key, one more than the largest active key.
 */
final class KeySlots {

    private static final double BASE = 2;

    private final long[] active;
    private final Map<Long, Long> nextWrite = new HashMap<>();
    private final int maxWritesPerKey;
    private final double scale;

    KeySlots(int keyCount, int maxWritesPerKey) {
        if (keyCount < 1) {
            throw new IllegalArgumentException("need at least one key slot, got " + keyCount);
        }
        this.active = new long[keyCount];
        for (int i = 0; i < keyCount; i++) {
            active[i] = i;
        }
        this.maxWritesPerKey = maxWritesPerKey;
        // key-dist-scale: (base^n - 1) * base / (base - 1)
        this.scale = (Math.pow(BASE, keyCount) - 1) * BASE / (BASE - 1);
    }

    /** elle.txn/rand-key, exponential: floor(log_base(rand(scale) + base) - 1). */
    long pick(SplittableRandom random) {
        double x = random.nextDouble() * scale;
        int i = (int) Math.floor(Math.log(x + BASE) / Math.log(BASE) - 1);
        return active[Math.min(i, active.length - 1)];
    }

    /**
     * The value the next write of {@code key} carries, counting it as done; or -1 when the key is
     * used up, in which case its slot now holds a fresh key and the caller draws again.
     */
    long takeWrite(long key) {
        long v = nextWrite.getOrDefault(key, 1L);
        if (v > maxWritesPerKey) {
            long fresh = Arrays.stream(active).max().orElseThrow() + 1;
            for (int i = 0; i < active.length; i++) {
                if (active[i] == key) {
                    active[i] = fresh;
                    break;
                }
            }
            return -1;
        }
        nextWrite.put(key, v + 1);
        return v;
    }
}
