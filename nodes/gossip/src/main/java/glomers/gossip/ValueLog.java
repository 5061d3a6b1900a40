package glomers.gossip;

import com.fasterxml.jackson.databind.JsonNode;
import glomers.core.Env;
import glomers.core.MessageCodec;
import glomers.core.Storage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The values a node's own clients gave it, on disk ({@code data=DIR}): an append-only file of
 * records, each the JSON array of the values one group commit made durable. Values learned from
 * peers are not written: each is on the disk of the node that acknowledged it.
 *
 * <p>Every {@value #COMPACT_AFTER} records the file is compacted, so a long run's disk and
 * restart stay bounded by its values rather than its commits: every own value is written as one
 * record of the next generation's file and synced, then {@value #GENERATION} names that
 * generation (the commit point), then the old file goes. A crash before the commit point leaves
 * the old file in use (the new one is deleted on recovery), after it the new one (the old one is).
 */
final class ValueLog {

    static final String FILE = "values";
    /** A small file holding the generation in use; absent for generation 0, {@value #FILE} itself. */
    static final String GENERATION = "values-generation";
    static final int COMPACT_AFTER = 1000;

    private final Storage storage;
    private long generation;
    /** Records in the current generation's file. */
    private int records;

    ValueLog(Storage storage) {
        this.storage = storage;
    }

    /** The log of this node in {@code directory/<node id>}. */
    static ValueLog open(Env env, String directory) throws IOException {
        return new ValueLog(env.openNodeStorage(directory));
    }

    private static String file(long generation) {
        return generation == 0 ? FILE : FILE + "." + generation;
    }

    /** Every value a previous start of this node made durable. */
    ValueSet recover() throws IOException {
        byte[] named = storage.read(GENERATION);
        try {
            generation = named == null ? 0 : Long.parseLong(new String(named, StandardCharsets.US_ASCII).trim());
        } catch (NumberFormatException e) {
            throw new IOException(GENERATION + " does not hold a generation: " + new String(named, StandardCharsets.US_ASCII), e);
        }
        // What a compaction cut short left behind, on either side of its commit point.
        storage.delete(file(generation + 1));
        if (generation > 0) {
            storage.delete(file(generation - 1));
        }
        ValueSet recovered = new ValueSet();
        for (Storage.Record record : storage.recover(file(generation))) {
            JsonNode array = MessageCodec.mapper().readTree(record.bytes());
            if (array == null || !array.isArray()) {
                throw new IOException("a record of " + file(generation) + " at " + record.position() + " is not an array of values");
            }
            recovered.merge(ValueSet.fromArray(array));
            records++;
        }
        return recovered;
    }

    /**
     * Makes {@code batch} durable: appended as one record and synced, or, every
     * {@value #COMPACT_AFTER} records, with {@code before} (every own value written before it) in
     * a compacted file. Durable when this returns.
     *
     * @return whether the file was compacted
     */
    boolean write(ValueSet batch, ValueSet before) throws IOException {
        if (records < COMPACT_AFTER) {
            storage.append(file(generation), bytes(batch));
            storage.sync();
            records++;
            return false;
        }
        ValueSet all = before.copy();
        all.merge(batch);
        String next = file(generation + 1);
        storage.append(next, bytes(all));
        storage.sync();
        storage.replace(GENERATION, Long.toString(generation + 1).getBytes(StandardCharsets.US_ASCII));
        storage.delete(file(generation));
        generation++;
        records = 1;
        return true;
    }

    /** The record of {@code values}: their JSON array. */
    static byte[] bytes(ValueSet values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var gen = MessageCodec.mapper().getFactory().createGenerator(bytes)) {
            values.writeArray(gen);
        }
        return bytes.toByteArray();
    }
}
