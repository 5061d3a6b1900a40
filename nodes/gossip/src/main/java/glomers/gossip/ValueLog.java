package glomers.gossip;

import com.fasterxml.jackson.databind.JsonNode;
import glomers.core.Env;
import glomers.core.MessageCodec;
import glomers.core.Storage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * The values a node's own clients gave it, on disk ({@code data=DIR}): an append-only file of
 * records, each the JSON array of the values one group commit made durable. Values learned from
 * peers are not written: each is on the disk of the node that acknowledged it.
 */
final class ValueLog {

    static final String FILE = "values";

    private final Storage storage;

    private ValueLog(Storage storage) {
        this.storage = storage;
    }

    /** The log of this node in {@code directory/<node id>}. */
    static ValueLog open(Env env, String directory) throws IOException {
        return new ValueLog(env.openNodeStorage(directory));
    }

    /** Every value a previous start of this node made durable. */
    ValueSet recover() throws IOException {
        ValueSet recovered = new ValueSet();
        for (Storage.Record record : storage.recover(FILE)) {
            JsonNode array = MessageCodec.mapper().readTree(record.bytes());
            if (array == null || !array.isArray()) {
                throw new IOException("a record of " + FILE + " at " + record.position() + " is not an array of values");
            }
            recovered.merge(ValueSet.fromArray(array));
        }
        return recovered;
    }

    /** Appends {@code batch} as one record and syncs it: durable when this returns. */
    void write(ValueSet batch) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var gen = MessageCodec.mapper().getFactory().createGenerator(bytes)) {
            batch.writeArray(gen);
        }
        storage.append(FILE, bytes.toByteArray());
        storage.sync();
    }
}
