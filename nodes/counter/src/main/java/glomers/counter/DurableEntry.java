package glomers.counter;

import glomers.core.Env;
import glomers.core.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A node's own counter entry on disk ({@code data=DIR}): one small file, {@code epoch increments
 * decrements}, replaced whole and atomically by each group commit. A node that finds it keeps
 * that entry, totals and all, instead of starting a fresh one: safe because the node's state only
 * ever holds totals already on disk (adds join it when their commit is done), so no peer can hold
 * a copy of the entry above what the restarted node counts on from. Entries of other nodes are
 * not written: each is on its owner's disk.
 */
final class DurableEntry {

    static final String FILE = "entry";

    /** What a previous start left: its entry's epoch and totals. */
    record Saved(long epoch, long increments, long decrements) {
    }

    private final Storage storage;

    private DurableEntry(Storage storage) {
        this.storage = storage;
    }

    /** The entry of this node in {@code directory/<node id>}. */
    static DurableEntry open(Env env, String directory) throws IOException {
        return new DurableEntry(env.openNodeStorage(directory));
    }

    /** What a previous start wrote; null for a first start. */
    Saved recover() throws IOException {
        byte[] bytes = storage.read(FILE);
        if (bytes == null) {
            return null;
        }
        String text = new String(bytes, StandardCharsets.US_ASCII).trim();
        String[] fields = text.split(" ");
        try {
            if (fields.length == 3) {
                Saved saved = new Saved(Long.parseLong(fields[0]), Long.parseLong(fields[1]), Long.parseLong(fields[2]));
                if (saved.increments() >= 0 && saved.decrements() >= 0) {
                    return saved;
                }
            }
        } catch (NumberFormatException e) {
            throw new IOException("the counter entry in " + FILE + " is not three numbers: '" + text + "'", e);
        }
        throw new IOException("the counter entry in " + FILE + " is not an epoch and two totals: '" + text + "'");
    }

    /** Replaces the entry on disk: durable when this returns. */
    void write(long epoch, long increments, long decrements) throws IOException {
        String text = epoch + " " + increments + " " + decrements + "\n";
        storage.replace(FILE, text.getBytes(StandardCharsets.US_ASCII));
    }
}
