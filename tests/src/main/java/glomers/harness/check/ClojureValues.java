package glomers.harness.check;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;

/**
 * Clojure's {@code =}, hash and {@code compare} on JSON values as Maelstrom holds them after
 * Cheshire parsed a node's output: integers become Integer, Long or BigInteger by size, which
 * Clojure treats as one category (so 1 = 1 whatever its width), floats become Double (so 1 is
 * not 1.0), strings, booleans, nil, vectors and maps.
 *
 * <p>{@code compare} follows {@code clojure.lang.Util.compare}: nil sorts first, numbers compare
 * with numbers (as doubles once a float is involved), strings with strings, booleans with
 * booleans, vectors by length then element-wise; anything else, and every map, throws
 * {@link ClassCastException} as Clojure does.
 */
public final class ClojureValues {

    private ClojureValues() {
    }

    static boolean isNil(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode();
    }

    /** Clojure {@code =}. */
    public static boolean equiv(JsonNode a, JsonNode b) {
        if (a == b) {
            return true;
        }
        if (isNil(a) || isNil(b)) {
            return isNil(a) && isNil(b);
        }
        if (a.isNumber() || b.isNumber()) {
            if (!a.isNumber() || !b.isNumber()) {
                return false;
            }
            boolean ai = a.isIntegralNumber();
            if (ai != b.isIntegralNumber()) {
                return false; // Clojure: integers and floats are different categories
            }
            if (ai) {
                return a.canConvertToLong() && b.canConvertToLong()
                        ? a.longValue() == b.longValue()
                        : a.bigIntegerValue().equals(b.bigIntegerValue());
            }
            return a.doubleValue() == b.doubleValue();
        }
        if (a.isTextual() || b.isTextual()) {
            return a.isTextual() && b.isTextual() && a.textValue().equals(b.textValue());
        }
        if (a.isBoolean() || b.isBoolean()) {
            return a.isBoolean() && b.isBoolean() && a.booleanValue() == b.booleanValue();
        }
        if (a.isArray() || b.isArray()) {
            if (!a.isArray() || !b.isArray() || a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!equiv(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            Iterator<Map.Entry<String, JsonNode>> it = a.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode other = b.get(e.getKey());
                if (other == null || !equiv(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** A hash consistent with {@link #equiv}. */
    static int hash(JsonNode n) {
        if (isNil(n)) {
            return 0;
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? Long.hashCode(n.longValue()) : n.bigIntegerValue().hashCode();
        }
        if (n.isNumber()) {
            double d = n.doubleValue();
            return d == 0.0 ? 0 : Double.hashCode(d);
        }
        if (n.isTextual()) {
            return n.textValue().hashCode();
        }
        if (n.isBoolean()) {
            return Boolean.hashCode(n.booleanValue());
        }
        if (n.isArray()) {
            int h = 1;
            for (JsonNode e : n) {
                h = 31 * h + hash(e);
            }
            return h;
        }
        if (n.isObject()) {
            int h = 0;
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                h += e.getKey().hashCode() ^ hash(e.getValue());
            }
            return h;
        }
        return n.hashCode();
    }

    /**
     * Clojure's {@code hasheq} (Murmur3) for integers, strings, nil and vectors of those; other
     * values fall back to {@link #hash}. Only the iteration order of Clojure's hash maps and sets
     * depends on it, which is where Elle's choices between equals come from.
     */
    static int hasheq(JsonNode n) {
        if (isNil(n)) {
            return 0;
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return hashLong(n.longValue());
        }
        if (n.isTextual()) {
            return hashInt(n.textValue().hashCode());
        }
        if (n.isArray()) {
            int h = 1;
            for (JsonNode e : n) {
                h = 31 * h + hasheq(e);
            }
            return mixCollHash(h, n.size());
        }
        return hash(n);
    }

    /** clojure.lang.Murmur3.hashLong. */
    static int hashLong(long input) {
        if (input == 0) {
            return 0;
        }
        int h1 = mixH1(0, mixK1((int) input));
        h1 = mixH1(h1, mixK1((int) (input >>> 32)));
        return fmix(h1, 8);
    }

    private static int hashInt(int input) {
        if (input == 0) {
            return 0;
        }
        return fmix(mixH1(0, mixK1(input)), 4);
    }

    /** clojure.lang.Murmur3.mixCollHash. */
    static int mixCollHash(int hash, int count) {
        return fmix(mixH1(0, mixK1(hash)), count);
    }

    private static int mixK1(int k1) {
        return Integer.rotateLeft(k1 * 0xcc9e2d51, 15) * 0x1b873593;
    }

    private static int mixH1(int h1, int k1) {
        return Integer.rotateLeft(h1 ^ k1, 13) * 5 + 0xe6546b64;
    }

    private static int fmix(int h1, int length) {
        h1 ^= length;
        h1 ^= h1 >>> 16;
        h1 *= 0x85ebca6b;
        h1 ^= h1 >>> 13;
        h1 *= 0xc2b2ae35;
        return h1 ^ (h1 >>> 16);
    }

    /**
     * The order in which a Clojure hash map or set yields entries with these hasheqs: its trie
     * branches on 5 bits of the hash at a time, lowest first.
     */
    static int compareTrieOrder(int h1, int h2) {
        for (int shift = 0; shift < 32; shift += 5) {
            int c = Integer.compare((h1 >>> shift) & 31, (h2 >>> shift) & 31);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Clojure {@code compare}; throws {@link ClassCastException} where Clojure does. */
    static int compare(JsonNode a, JsonNode b) {
        if (a == b) {
            return 0;
        }
        if (isNil(a)) {
            return isNil(b) ? 0 : -1;
        }
        if (isNil(b)) {
            return 1;
        }
        if (a.isNumber()) {
            if (!b.isNumber()) {
                throw incomparable(a, b);
            }
            if (a.isIntegralNumber() && b.isIntegralNumber()) {
                return a.canConvertToLong() && b.canConvertToLong()
                        ? Long.compare(a.longValue(), b.longValue())
                        : a.bigIntegerValue().compareTo(b.bigIntegerValue());
            }
            double x = a.doubleValue();
            double y = b.doubleValue();
            return x < y ? -1 : (y < x ? 1 : 0);
        }
        if (a.isTextual() && b.isTextual()) {
            return a.textValue().compareTo(b.textValue());
        }
        if (a.isBoolean() && b.isBoolean()) {
            return Boolean.compare(a.booleanValue(), b.booleanValue());
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return a.size() < b.size() ? -1 : 1;
            }
            for (int i = 0; i < a.size(); i++) {
                int c = compare(a.get(i), b.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        }
        throw incomparable(a, b);
    }

    private static ClassCastException incomparable(JsonNode a, JsonNode b) {
        return new ClassCastException("Clojure compare cannot order " + a + " and " + b);
    }

    /** The exact integer a JSON integer holds, or null when the node is not an integer. */
    static BigInteger integer(JsonNode n) {
        return n != null && n.isIntegralNumber() ? n.bigIntegerValue() : null;
    }

    /** A JSON value as a hash key with Clojure's {@code =}. */
    public static final class Key {
        public final JsonNode node;
        private final int hash;

        public Key(JsonNode node) {
            this.node = node;
            this.hash = ClojureValues.hash(node);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && hash == k.hash && equiv(node, k.node);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            return String.valueOf(node);
        }
    }
}
