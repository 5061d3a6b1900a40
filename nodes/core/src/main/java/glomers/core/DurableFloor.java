package glomers.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A number that never goes back across restarts, for a node with a data directory: before a
 * value is used, a floor above it is on disk (one small atomic write per {@code reserve} values
 * at most), and a restarted node starts above its floor. unique-ids keeps its ids' millisecond
 * above it, so a restart that meets a clock stepped back reissues nothing; txn its Lamport clock,
 * so a restart never gives a transaction a version below one it acknowledged.
 */
public final class DurableFloor {

    private final Storage storage;
    private final String file;
    private final long reserve;
    /** Every value used so far is below this, on disk. */
    private long reservedUntil;

    private DurableFloor(Storage storage, String file, long reserve, long reservedUntil) {
        this.storage = storage;
        this.file = file;
        this.reserve = reserve;
        this.reservedUntil = reservedUntil;
    }

    /**
     * Opens {@code file} in {@code directory/<node id>}; each write reserves {@code reserve}
     * values ahead.
     */
    public static DurableFloor open(Env env, String directory, String file, long reserve) throws IOException {
        Storage storage = env.openNodeStorage(directory);
        byte[] saved = storage.read(file);
        long floor = 0;
        if (saved != null) {
            try {
                floor = Long.parseLong(new String(saved, StandardCharsets.US_ASCII).trim());
            } catch (NumberFormatException e) {
                throw new IOException("the floor in " + directory + "/" + file + " is not a number: " + e.getMessage(), e);
            }
        }
        return new DurableFloor(storage, file, Math.max(1, reserve), floor);
    }

    /** What a previous run reserved: every value it used is below it (0 for a first start). */
    public long floor() {
        return reservedUntil;
    }

    /** Makes sure the floor is above {@code value} on disk; call it before the value is used. */
    public void cover(long value) throws IOException {
        if (value >= reservedUntil) {
            long next = value + reserve;
            storage.replace(file, Long.toString(next).getBytes(StandardCharsets.US_ASCII));
            reservedUntil = next;
        }
    }
}
