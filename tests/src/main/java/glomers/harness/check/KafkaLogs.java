package glomers.harness.check;

import glomers.harness.history.Op;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * jepsen.tests.kafka's version-orders: per key, the log of offset to the messages seen there,
 * from every poll (ok, info or fail) and from the sends that must have committed (ok, or info
 * with some message of theirs polled by an ok poll; only acknowledged sends carry an offset).
 * The index of an offset is its position once the offsets never seen are removed. Offsets below
 * 0 are dropped, as Jepsen's conversion of the log to a vector drops them.
 */
final class KafkaLogs {

    /** One key's log: offset to messages (ascending), and the dense order of one message per offset. */
    static final class Log {
        final TreeMap<Long, Set<Long>> offsets = new TreeMap<>();
        final List<Long> byIndex = new ArrayList<>();
        final Map<Long, Integer> byValue = new HashMap<>();

        Integer index(long value) {
            return byValue.get(value);
        }
    }

    final Map<String, Log> logs = new LinkedHashMap<>();
    final List<Map<String, Object>> inconsistentOffsets = new ArrayList<>();

    KafkaLogs(KafkaOps ops, KafkaFacts facts) {
        for (Op op : ops.clientOps) {
            if (facts.mustHaveCommitted(op)) {
                ops.writes(op).forEach((k, ps) -> ps.forEach(p -> add(k, p)));
            }
            ops.reads(op).forEach((k, ps) -> ps.forEach(p -> add(k, p)));
        }
        logs.forEach(this::order);
    }

    private void add(String key, KafkaOps.Pair p) {
        Log log = logs.computeIfAbsent(key, k -> new Log());
        if (p.offset() != null && p.offset() >= 0) {
            log.offsets.computeIfAbsent(p.offset(), o -> new LinkedHashSet<>()).add(p.value());
        }
    }

    private void order(String key, Log log) {
        int index = 0;
        for (Map.Entry<Long, Set<Long>> e : log.offsets.entrySet()) {
            Set<Long> values = e.getValue();
            if (values.size() > 1) {
                Map<String, Object> err = new LinkedHashMap<>();
                err.put("key", key);
                err.put("offset", e.getKey());
                err.put("index", index);
                err.put("values", new ArrayList<>(new TreeSet<>(values)));
                inconsistentOffsets.add(err);
            }
            // Jepsen takes the first of a Clojure hash set, so the choice follows Clojure's hashing.
            long first = values.stream().min(CLOJURE_SET_ORDER).orElseThrow();
            log.byIndex.add(first);
            log.byValue.put(first, index);
            index++;
        }
    }

    /** Each message's first index (values of one offset in any order; only the index matters). */
    static Map<Long, Integer> firstIndex(Log log) {
        Map<Long, Integer> first = new HashMap<>();
        int i = 0;
        for (Set<Long> values : log.offsets.values()) {
            for (long v : values) {
                first.putIfAbsent(v, i);
            }
            i++;
        }
        return first;
    }

    /** Per index, the messages whose last appearance is there, in index order. */
    static List<List<Long>> lastIndexValues(Log log) {
        Map<Long, Integer> last = new LinkedHashMap<>();
        int i = 0;
        for (Set<Long> values : log.offsets.values()) {
            for (long v : values) {
                last.put(v, i);
            }
            i++;
        }
        List<List<Long>> out = new ArrayList<>();
        last.forEach((v, at) -> {
            while (out.size() <= at) {
                out.add(new ArrayList<>());
            }
            out.get(at).add(v);
        });
        return out;
    }

    /**
     * The iteration order of a Clojure hash set of longs: by the 5-bit chunks of each value's
     * Murmur3 hash, lowest chunk first, as its hash trie walks them.
     */
    static final Comparator<Long> CLOJURE_SET_ORDER = (a, b) -> {
        int ha = clojureHash(a);
        int hb = clojureHash(b);
        for (int shift = 0; shift < 32; shift += 5) {
            int c = Integer.compare((ha >>> shift) & 0x1f, (hb >>> shift) & 0x1f);
            if (c != 0) {
                return c;
            }
        }
        return Long.compare(a, b);
    };

    /** clojure.lang.Murmur3.hashLong, which Clojure's hasheq uses for a Long. */
    static int clojureHash(long input) {
        if (input == 0) {
            return 0;
        }
        int h1 = mixH1(0, mixK1((int) input));
        h1 = mixH1(h1, mixK1((int) (input >>> 32)));
        h1 ^= 8;
        h1 ^= h1 >>> 16;
        h1 *= 0x85ebca6b;
        h1 ^= h1 >>> 13;
        h1 *= 0xc2b2ae35;
        h1 ^= h1 >>> 16;
        return h1;
    }

    private static int mixK1(int k1) {
        k1 *= 0xcc9e2d51;
        k1 = Integer.rotateLeft(k1, 15);
        return k1 * 0x1b873593;
    }

    private static int mixH1(int h1, int k1) {
        h1 ^= k1;
        h1 = Integer.rotateLeft(h1, 13);
        return h1 * 5 + 0xe6546b64;
    }
}
