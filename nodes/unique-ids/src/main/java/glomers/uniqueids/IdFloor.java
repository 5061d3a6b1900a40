package glomers.uniqueids;

import glomers.core.Env;
import glomers.core.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * With {@code data=DIR}: a durable floor under every id to come. Before an id of millisecond m is
 * given out, a floor above m is on disk (one small atomic write per {@link #RESERVE_MILLIS} of
 * ids), and a restarted node starts above its floor. So no restart can reissue an id, whatever
 * the clock did meanwhile: a clock stepped back, or a restart faster than the clock moves.
 */
final class IdFloor {

    /** How far ahead each write reserves: one write a second at most. */
    static final long RESERVE_MILLIS = 1_000;
    private static final String FILE = "id-floor";

    private final Storage storage;
    /** Milliseconds since the generator's epoch below which every id given out lies. */
    private long reservedUntil;

    private IdFloor(Storage storage, long reservedUntil) {
        this.storage = storage;
        this.reservedUntil = reservedUntil;
    }

    /** Opens {@code directory/<node id>} and moves the generator above what it reserved before. */
    static IdFloor open(Env env, String directory, SnowflakeGenerator generator) throws IOException {
        Storage storage = env.openStorage(directory.concat("/").concat(env.nodeId()));
        byte[] saved = storage.read(FILE);
        long floor = 0;
        if (saved != null) {
            try {
                floor = Long.parseLong(new String(saved, StandardCharsets.US_ASCII).trim());
            } catch (NumberFormatException e) {
                throw new IOException("the id floor in " + directory + " is not a number: " + e.getMessage(), e);
            }
        }
        generator.startAbove(floor);
        return new IdFloor(storage, floor);
    }

    /** Makes sure the floor is above {@code millis} on disk before an id of that millisecond goes out. */
    void cover(long millis) throws IOException {
        if (millis >= reservedUntil) {
            long next = millis + RESERVE_MILLIS;
            storage.replace(FILE, Long.toString(next).getBytes(StandardCharsets.US_ASCII));
            reservedUntil = next;
        }
    }
}
