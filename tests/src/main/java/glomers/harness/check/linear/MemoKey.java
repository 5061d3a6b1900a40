package glomers.harness.check.linear;

import java.util.Arrays;

/**
 * A configuration the search has explored: the register's value and the linearized set, as
 * exact words (never a hash alone, so a collision cannot prune a branch that was not explored).
 */
final class MemoKey {

    private final long[] words;
    private final int hash;

    MemoKey(long[] words) {
        this.words = words;
        long h = 0x9E3779B97F4A7C15L;
        for (long w : words) {
            h = (h ^ w) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        this.hash = (int) (h ^ (h >>> 32));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemoKey k && k.hash == hash && Arrays.equals(k.words, words);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
