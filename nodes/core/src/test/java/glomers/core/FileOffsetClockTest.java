package glomers.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * clock-file=FILE: the wall clock is the host's plus the file's offset, read again at most every
 * 100 ms; a missing file is offset 0, a malformed or unreadable one keeps the offset and is
 * logged once; the monotonic clock never moves.
 */
class FileOffsetClockTest {

    @TempDir
    Path dir;

    final FakeClock host = new FakeClock(5_000_000_000L);
    final List<String> log = new ArrayList<>();

    private FileOffsetClock started(Path file) {
        FileOffsetClock clock = new FileOffsetClock(host, file.toString());
        clock.start(new StreamLog(log::add, Log.Level.DEBUG, StreamLog.Format.PLAIN).bound(clock, new LogContext()));
        return clock;
    }

    /** As the harness writes it: a new file renamed over the old, so no reader sees half of one. */
    private void write(Path file, String text) throws IOException {
        Path fresh = dir.resolve(file.getFileName() + ".new");
        Files.writeString(fresh, text);
        Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private long logged(String event) {
        return log.stream().filter(l -> l.contains(event)).count();
    }

    @Test
    void theWallClockIsTheHostsPlusTheFilesOffsetAndTheMonotonicClockIsTheHosts() throws IOException {
        Path file = dir.resolve("n1.clock");
        write(file, "-2500\n");
        FileOffsetClock clock = started(file);
        assertEquals(host.millis - 2500, clock.epochMillis());
        assertEquals(host.nanos, clock.nanoTime());
        host.advanceMillis(40);
        assertEquals(host.millis - 2500, clock.epochMillis());
        assertEquals(host.nanos, clock.nanoTime(), "nanoTime never steps");
    }

    @Test
    void aChangedFileIsSeenWithinOneRecheckAndNotBefore() throws IOException {
        Path file = dir.resolve("n1.clock");
        write(file, "800");
        FileOffsetClock clock = started(file);
        assertEquals(host.millis + 800, clock.epochMillis());
        write(file, "-9000");
        host.advanceMillis(FileOffsetClock.RECHECK_MILLIS - 1);
        assertEquals(host.millis + 800, clock.epochMillis(), "not read again within the recheck interval");
        host.advanceMillis(1);
        assertEquals(host.millis - 9000, clock.epochMillis(), "a step back");
        write(file, "+10000");
        host.advanceMillis(FileOffsetClock.RECHECK_MILLIS);
        assertEquals(host.millis + 10_000, clock.epochMillis(), "a step forwards");
        assertEquals(3, logged("clock-offset"), "each offset logged once: " + log);
    }

    @Test
    void aRemovedOrMissingFileMeansNoOffset() throws IOException {
        Path file = dir.resolve("n1.clock");
        FileOffsetClock clock = started(file);
        assertEquals(host.millis, clock.epochMillis());
        write(file, "3000");
        host.advanceMillis(FileOffsetClock.RECHECK_MILLIS);
        assertEquals(host.millis + 3000, clock.epochMillis());
        Files.delete(file);
        host.advanceMillis(FileOffsetClock.RECHECK_MILLIS);
        assertEquals(host.millis, clock.epochMillis());
        host.advanceMillis(FileOffsetClock.RECHECK_MILLIS);
        assertEquals(host.millis, clock.epochMillis());
        assertEquals(2, logged("no clock-file"), "absent at start, absent again after the 3000: " + log);
    }

    @Test
    void aMalformedFileKeepsTheOffsetAndIsLoggedOnceUntilItChanges() throws IOException {
        Path file = dir.resolve("n1.clock");
        write(file, "1200");
        FileOffsetClock clock = started(file);
        for (String bad : List.of("", "12a", "1.5", "99999999999999999999999", "1000000000001", "x".repeat(500))) {
            write(file, bad);
            for (int i = 0; i < 5; i++) {
                host.advanceMillis(FileOffsetClock.RECHECK_MILLIS);
                assertEquals(host.millis + 1200, clock.epochMillis(), "'" + bad + "' keeps the offset");
            }
        }
        assertEquals(6, logged("clock-file-malformed"), "each malformation logged once, not per read: " + log);
        write(file, " -7 \n");
        host.advanceMillis(FileOffsetClock.RECHECK_MILLIS);
        assertEquals(host.millis - 7, clock.epochMillis(), "a good file again is read");
    }

    @Test
    void anUnreadableFileKeepsTheOffsetAndIsLoggedOnce() throws IOException {
        Path file = dir.resolve("n1.clock");
        write(file, "450");
        FileOffsetClock clock = started(file);
        Files.delete(file);
        Files.createDirectory(file); // reading a directory fails with an IOException
        for (int i = 0; i < 5; i++) {
            host.advanceMillis(FileOffsetClock.RECHECK_MILLIS);
            assertEquals(host.millis, clock.epochMillis() - 450);
        }
        assertEquals(1, logged("clock-file-unreadable"), log.toString());
    }

    @Test
    void parsesWholeMillisecondsWithinBounds() {
        assertEquals(-2500, FileOffsetClock.parse(" -2500\n"));
        assertEquals(800, FileOffsetClock.parse("+800"));
        assertEquals(0, FileOffsetClock.parse("0"));
        assertEquals(FileOffsetClock.MAX_OFFSET_MILLIS, FileOffsetClock.parse(Long.toString(FileOffsetClock.MAX_OFFSET_MILLIS)));
        for (String bad : List.of("", " ", "-", "1e3", "0x10", "1 2", "-1000000000001", "9223372036854775808")) {
            assertEquals(Long.MIN_VALUE, FileOffsetClock.parse(bad), bad);
        }
    }

    /** Through the stdio runtime: the node's epochMillis carries the offset, its args do not carry the word. */
    @Test
    void theStdioRuntimeHonoursTheArgumentAndKeepsItFromTheLogic() throws IOException {
        Path file = dir.resolve("n1.clock");
        write(file, "-4000");
        NodeLogic logic = (env, handlers) -> handlers.on("time", r -> {
            ObjectNode reply = Bodies.of("time_ok");
            reply.put("millis", env.epochMillis());
            reply.put("nanos", env.nowNanos());
            reply.put("args", String.join(" ", env.args()));
            r.reply(reply);
        });
        String in = Lines.INIT + "\n" + Lines.request("c1", "time", 2, "") + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StdioRuntime.run(logic, List.of("clock-file=" + file, "mode=x"), new ByteArrayInputStream(
                in.getBytes(StandardCharsets.UTF_8)), out, host, new StreamLog(log::add, Log.Level.INFO, StreamLog.Format.PLAIN));
        List<String> lines = Lines.splitLines(out.toByteArray());
        assertEquals(2, lines.size(), lines + " " + log);
        var reply = Lines.parse(lines.get(1)).path("body");
        assertEquals(host.millis - 4000, reply.path("millis").asLong(), lines.get(1));
        assertEquals(host.nanos, reply.path("nanos").asLong(), lines.get(1));
        assertEquals("mode=x", reply.path("args").asText(), "the core keeps clock-file to itself");
        assertTrue(log.stream().anyMatch(l -> l.contains("-4000 ms off the host's")), log.toString());
    }
}
