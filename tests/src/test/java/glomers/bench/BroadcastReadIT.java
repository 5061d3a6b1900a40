package glomers.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broadcast launcher with its heap capped at 64 MB holds a million values and reads them all
 * back: what {@link BroadcastReadBench} times, asserted as behaviour only, never timings.
 */
class BroadcastReadIT {

    private static final Path ROOT = Path.of(System.getProperty("glomers.root", "..")).toAbsolutePath().normalize();
    private static final int VALUES = 1_000_000;

    @TempDir
    Path scratch;

    @Test
    void aMillionValuesUnderXmx64mReadBackExactly() throws Exception {
        try (BroadcastReadSession session = BroadcastReadSession.start(ROOT.resolve("maelstrom-bin/broadcast"), scratch,
                "read-it", "-Xmx64m", VALUES, 1)) {
            session.load(10_000);
            BroadcastReadSession.Reply first = session.awaitAll(15);
            assertNull(first.problem(), first.problem());
            assertEquals(VALUES, first.elements(), "values in the reply");
            assertEquals(VALUES, first.distinctExpected(), "distinct values among 0..999,999");
            // Served again from the same state: reads leave it intact.
            BroadcastReadSession.Reply second = session.read();
            assertTrue(second.complete(VALUES), second.toString());
            assertFalse(session.outOfMemory(), session.diagnosis());
        }
    }
}
