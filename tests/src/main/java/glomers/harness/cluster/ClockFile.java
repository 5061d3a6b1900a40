package glomers.harness.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A process node's wall-clock offset, in the file its core argument {@code clock-file=FILE}
 * names: the node's runtime adds the file's milliseconds to the host's wall clock and reads the
 * file again at most every 100 ms (nodes/core FileOffsetClock), so a step reaches the node within
 * 100 ms of its record in the history. Each write is a new file renamed over the old, so the node
 * never reads half of one. The file is the host's clock: it outlives the node's restarts.
 */
final class ClockFile {

    private final Path file;
    private long offsetMillis;

    private ClockFile(Path file) {
        this.file = file;
    }

    /** {@code workDir/<id>.clock-offset}, holding 0: the run's nodes share the directory. */
    static ClockFile create(Path workDir, String id) throws IOException {
        ClockFile clock = new ClockFile(workDir.resolve(id + ".clock-offset").toAbsolutePath());
        clock.write(0);
        return clock;
    }

    /** A node's clock offset as {@link ClockSkewable} tells it: 0 without a clock file. */
    static long offsetOf(ClockFile clock) {
        return clock == null ? 0 : clock.offsetMillis();
    }

    /** Steps node {@code id}'s clock, which must have been started with a clock file. */
    static void step(String id, ClockFile clock, long offsetMillis) {
        if (clock == null) {
            throw new IllegalStateException("node " + id + " was started without a clock-file");
        }
        clock.set(offsetMillis);
    }

    /** The argument that points the node at this file. */
    String nodeArg() {
        return "clock-file=" + file;
    }

    long offsetMillis() {
        return offsetMillis;
    }

    void set(long offsetMillis) {
        try {
            write(offsetMillis);
        } catch (IOException e) {
            throw new UncheckedIOException("could not step the clock in " + file, e);
        }
    }

    private void write(long offset) throws IOException {
        Path fresh = file.resolveSibling(file.getFileName() + ".new");
        Files.writeString(fresh, Long.toString(offset) + "\n");
        Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        offsetMillis = offset;
    }
}
