package glomers.gossip;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import glomers.core.Bodies;
import glomers.core.MessageCodec;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;
import org.roaringbitmap.longlong.LongIterator;
import org.roaringbitmap.longlong.Roaring64Bitmap;

/**
 * A set of broadcast values. Integers that fit in a long (all Maelstrom ever sends) live in a
 * compressed bitmap; any other JSON value (the schema allows them) in a plain set, kept exactly
 * as received so 1 and 1.0 stay distinct, as Maelstrom's checker sees them.
 */
public final class ValueSet implements Lattice<ValueSet> {

    private final Roaring64Bitmap ints;
    private final Set<JsonNode> others;

    public ValueSet() {
        this(new Roaring64Bitmap(), new LinkedHashSet<>());
    }

    private ValueSet(Roaring64Bitmap ints, Set<JsonNode> others) {
        this.ints = ints;
        this.others = others;
    }

    /** Adds a value; true if it was new. */
    public boolean add(JsonNode value) {
        if (isLong(value)) {
            long v = value.longValue();
            if (ints.contains(v)) {
                return false;
            }
            ints.addLong(v);
            return true;
        }
        return others.add(value);
    }

    public boolean contains(JsonNode value) {
        return isLong(value) ? ints.contains(value.longValue()) : others.contains(value);
    }

    /** Adds every value of {@code more}. */
    @Override
    public void merge(ValueSet more) {
        ints.or(more.ints);
        others.addAll(more.others);
    }

    /** Removes every value of {@code less}. */
    @Override
    public void forget(ValueSet less) {
        ints.andNot(less.ints);
        others.removeAll(less.others);
    }

    /** The values of this set that {@code other} lacks, as a new set. */
    @Override
    public ValueSet minus(ValueSet other) {
        Roaring64Bitmap diff = Roaring64Bitmap.andNot(ints, other.ints);
        Set<JsonNode> rest = new LinkedHashSet<>(others);
        rest.removeAll(other.others);
        return new ValueSet(diff, rest);
    }

    public void clear() {
        ints.clear();
        others.clear();
    }

    public ValueSet copy() {
        return new ValueSet(ints.clone(), new LinkedHashSet<>(others));
    }

    @Override
    public ValueSet empty() {
        return new ValueSet();
    }

    @Override
    public boolean isEmpty() {
        return ints.isEmpty() && others.isEmpty();
    }

    public long size() {
        return ints.getLongCardinality() + others.size();
    }

    /** An order-independent digest, so two nodes can tell whether their sets differ. */
    public long hash() {
        long[] hash = {0};
        ints.forEach(v -> hash[0] += mix(v));
        for (JsonNode other : others) {
            hash[0] += mix(other.hashCode() ^ 0x5bd1e995L);
        }
        return hash[0];
    }

    /** Compacts the bitmap: dense ranges of values collapse into runs. */
    @Override
    public void compact() {
        ints.runOptimize();
    }

    /** Writes the values as one JSON array, streaming, without building a tree. */
    public void writeArray(JsonGenerator gen) throws IOException {
        gen.writeStartArray();
        LongIterator it = ints.getLongIterator();
        while (it.hasNext()) {
            gen.writeNumber(it.next());
        }
        for (JsonNode other : others) {
            MessageCodec.writeTree(gen, other);
        }
        gen.writeEndArray();
    }

    /** A body field that writes this set's values as an array when the message is serialised. */
    public JsonNode asJsonArray() {
        return Bodies.streamed(this::writeArray);
    }

    /** Reads an array of values, as written by {@link #writeArray}. */
    public static ValueSet fromArray(JsonNode array) {
        ValueSet set = new ValueSet();
        if (array != null && array.isArray()) {
            for (JsonNode value : array) {
                set.add(value);
            }
        }
        return set;
    }

    private static boolean isLong(JsonNode value) {
        return value.isIntegralNumber() && value.canConvertToLong();
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
