package glomers.harness.check.linear;

/**
 * A set of op ordinals as a bitset that also tracks its first absent member ({@link #lo}) and
 * its last member ({@link #hi}): every ordinal below {@code lo} is in the set and none above
 * {@code hi}, so the words from {@code lo} to {@code hi} (with {@code lo}) name the set exactly.
 * WGL can linearize an op only while no op left out has returned, so that window spans only the
 * ops concurrent with the first one left out: it stays a few words long however long the key's
 * history is.
 */
final class OpSet {

    final long[] words;
    private int lo;
    private int hi = -1;

    OpSet(int size) {
        words = new long[(size >>> 6) + 2];
    }

    int lo() {
        return lo;
    }

    int hi() {
        return hi;
    }

    boolean contains(int i) {
        return (words[i >>> 6] & (1L << i)) != 0;
    }

    void add(int i) {
        words[i >>> 6] |= 1L << i;
        if (i > hi) {
            hi = i;
        }
        if (i == lo) {
            lo = nextAbsent(i + 1);
        }
    }

    void remove(int i) {
        words[i >>> 6] &= ~(1L << i);
        if (i < lo) {
            lo = i;
        }
        if (i == hi) {
            hi = previousPresent(i - 1);
        }
    }

    private int nextAbsent(int from) {
        int w = from >>> 6;
        long word = ~words[w] & (-1L << from);
        while (word == 0) {
            word = ~words[++w];
        }
        return (w << 6) + Long.numberOfTrailingZeros(word);
    }

    private int previousPresent(int from) {
        if (from < 0) {
            return -1;
        }
        int w = from >>> 6;
        long word = words[w] & (-1L >>> (63 - (from & 63)));
        while (word == 0) {
            if (w == 0) {
                return -1;
            }
            word = words[--w];
        }
        return (w << 6) + 63 - Long.numberOfLeadingZeros(word);
    }
}
