package glomers.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code clock-file=FILE}: the wall clock a process node sees is the host's plus an offset in
 * milliseconds written in FILE (one whole number, {@code -2500} or {@code 800}), so a harness can
 * step one node's clock forwards and back as an NTP step or a bad host clock does, without
 * touching the host's. Only {@link #epochMillis} moves; {@link #nanoTime} is the host's monotonic
 * clock, which never steps on a real host either (the simulator does the same).
 *
 * <p>The file is read again at most every {@value #RECHECK_MILLIS} ms, when the node reads the
 * wall clock: a read of a file of a few bytes, so the message path pays nothing unless the node
 * asks the time, and nothing at all without the argument (the runtime then keeps the plain
 * clock). No file means no offset. A file that does not hold a number (a writer caught halfway:
 * write a new file and rename it over the old one) or cannot be read keeps the offset it had and
 * is logged once, not once per read; nothing here ever throws into the node's loop.
 */
@SuppressForbidden("reads the clock-file the harness writes: configuration, not durable state")
final class FileOffsetClock implements Clock {

    static final long RECHECK_MILLIS = 100;
    private static final long RECHECK_NANOS = RECHECK_MILLIS * 1_000_000L;
    /** About 31 years: a larger offset is a typo, not a clock. */
    static final long MAX_OFFSET_MILLIS = 1_000_000_000_000L;
    /** A number of milliseconds fits in 20 characters; a longer file is not one. */
    private static final int MAX_BYTES = 64;

    private final Clock host;
    private final String file;
    private volatile long offsetMillis;
    /** Read without the lock, so a read of the clock between checks takes none. */
    private volatile long nextCheckNanos;
    // Guarded by this.
    /** Null until {@link #start}: the file is not read before there is a log for its problems. */
    private Log log;
    /** What was last logged about the file, so a problem that lasts is logged once. */
    private String lastReport = "";

    FileOffsetClock(Clock host, String file) {
        this.host = host;
        this.file = file;
    }

    /** Reads the file a first time, logging to {@code log} from now on. */
    synchronized void start(Log log) {
        this.log = log;
        nextCheckNanos = host.nanoTime() + RECHECK_NANOS;
        refresh();
    }

    @Override
    public long nanoTime() {
        return host.nanoTime();
    }

    @Override
    public long epochMillis() {
        long now = host.nanoTime();
        if (now - nextCheckNanos >= 0) {
            synchronized (this) {
                if (log != null && now - nextCheckNanos >= 0) {
                    nextCheckNanos = now + RECHECK_NANOS; // first: the log line below reads this clock again
                    refresh();
                }
            }
        }
        return host.epochMillis() + offsetMillis;
    }

    long offsetMillis() {
        return offsetMillis;
    }

    private void refresh() {
        String text;
        try {
            text = read();
        } catch (NoSuchFileException e) {
            report("clock-offset", "no clock-file " + file + ": the host's wall clock, offset 0", 0);
            return;
        } catch (IOException | RuntimeException e) {
            // RuntimeException: a path the file system cannot name (InvalidPathException).
            report("clock-file-unreadable", "cannot read clock-file " + file + " (" + e
                    + "); the wall clock keeps its offset of " + offsetMillis + " ms", offsetMillis);
            return;
        }
        long parsed = parse(text);
        if (parsed == Long.MIN_VALUE) {
            report("clock-file-malformed", "clock-file " + file + " holds '" + text + "', not a whole number of ms within "
                    + MAX_OFFSET_MILLIS + " of 0; the wall clock keeps its offset of " + offsetMillis + " ms", offsetMillis);
            return;
        }
        report("clock-offset", "the wall clock is now " + parsed + " ms off the host's (clock-file " + file + ")",
                parsed);
    }

    /** Sets the offset, and logs the report unless it is the one logged last. */
    private void report(String event, String text, long newOffset) {
        offsetMillis = newOffset;
        if (text.equals(lastReport)) {
            return;
        }
        lastReport = text;
        if (event.equals("clock-offset")) {
            log.info(event, text);
        } else {
            log.warn(event, text);
        }
    }

    private String read() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            String text = new String(bytes, 0, Math.min(bytes.length, MAX_BYTES), StandardCharsets.UTF_8);
            return bytes.length > MAX_BYTES ? text + "..." : text;
        }
    }

    /** The offset the text holds, or Long.MIN_VALUE when it holds none. */
    static long parse(String text) {
        String number = text.strip();
        if (number.isEmpty() || number.length() > 20) {
            return Long.MIN_VALUE;
        }
        try {
            long value = Long.parseLong(number);
            return Math.abs(value) <= MAX_OFFSET_MILLIS ? value : Long.MIN_VALUE;
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }
}
