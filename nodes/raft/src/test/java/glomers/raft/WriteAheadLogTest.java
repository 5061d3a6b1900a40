package glomers.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import glomers.core.FileStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteAheadLogTest {

    @TempDir
    Path dir;

    private static Entry<String> e(long term, String command) {
        return new Entry<>(term, command);
    }

    @Test
    void replayRebuildsTheLogThroughTruncationsAndKeepsTermAndVote() throws IOException {
        FileStorage storage = FileStorage.open(dir.resolve("a").toString());
        WriteAheadLog<String> wal = new WriteAheadLog<>(storage, Strings.CODEC);
        assertEquals(List.of(), wal.recover().entries());
        wal.saveTermAndVote(2, "n1");
        wal.appended(1, e(1, Strings.NOOP));
        wal.appended(2, e(1, "a"));
        wal.appended(3, e(1, "b"));
        wal.truncated(3);
        wal.appended(3, e(2, "c"));
        wal.sync();
        wal.appended(4, e(2, "d")); // never synced: lost
        storage.close();

        WriteAheadLog.Recovered<String> r = new WriteAheadLog<>(FileStorage.open(dir.resolve("a").toString()),
                Strings.CODEC).recover();
        assertEquals(2, r.term());
        assertEquals("n1", r.votedFor());
        assertEquals(List.of(e(1, Strings.NOOP), e(1, "a"), e(2, "c")), r.entries());
    }

    @Test
    void aTornLastRecordIsDroppedAndTheLogGoesOnAfterIt() throws IOException {
        FileStorage storage = FileStorage.open(dir.toString());
        WriteAheadLog<String> wal = new WriteAheadLog<>(storage, Strings.CODEC);
        wal.appended(1, e(1, "a"));
        wal.sync();
        storage.close();
        // A crash in the middle of the next write: a header that promises 40 bytes, and 2 of them.
        Files.write(dir.resolve(WriteAheadLog.LOG_FILE), new byte[] {0, 0, 0, 40, 1, 2, 3, 4, 5, 6},
                StandardOpenOption.APPEND);
        WriteAheadLog.Recovered<String> r = new WriteAheadLog<>(FileStorage.open(dir.toString()), Strings.CODEC).recover();
        assertEquals(List.of(e(1, "a")), r.entries());
        assertEquals(0, r.term());
        assertNull(r.votedFor());
    }

    @Test
    void aCompactionStartsTheLogAfterTheSnapshotAndRemovesTheOldFile() throws IOException {
        FileStorage storage = FileStorage.open(dir.toString());
        WriteAheadLog<String> wal = new WriteAheadLog<>(storage, Strings.CODEC);
        wal.recover();
        for (int i = 1; i <= 5; i++) {
            wal.appended(i, e(1, "c" + i));
        }
        wal.sync();
        List<Entry<String>> after = List.of(e(1, "c4"), e(1, "c5"));
        var data = glomers.core.Bodies.nodes().arrayNode().add("c1").add("c2").add("c3");
        wal.compact(new WriteAheadLog.Snapshot(3, 1, data), after::get, after.size());
        assertFalse(Files.exists(dir.resolve(WriteAheadLog.LOG_FILE)), "the old log file is gone");
        wal.appended(6, e(2, "c6"));
        wal.sync();
        storage.close();

        WriteAheadLog.Recovered<String> r = new WriteAheadLog<>(FileStorage.open(dir.toString()), Strings.CODEC).recover();
        assertEquals(3, r.snapshot().index());
        assertEquals(1, r.snapshot().term());
        assertEquals(data, r.snapshot().data());
        assertEquals(List.of(e(1, "c4"), e(1, "c5"), e(2, "c6")), r.entries());
    }

    @Test
    void whatACompactionCutShortLeftIsRemovedOnRecovery() throws IOException {
        FileStorage storage = FileStorage.open(dir.toString());
        WriteAheadLog<String> wal = new WriteAheadLog<>(storage, Strings.CODEC);
        wal.recover();
        wal.appended(1, e(1, "a"));
        wal.appended(2, e(1, "b"));
        wal.sync();
        List<Entry<String>> after = List.of(e(1, "b"));
        wal.compact(new WriteAheadLog.Snapshot(1, 1, glomers.core.Bodies.nodes().arrayNode().add("a")), after::get, 1);
        // A second compaction that died after writing its next file, before its commit point.
        storage.append("log.2", new byte[] {'x'});
        storage.sync();
        storage.close();

        WriteAheadLog.Recovered<String> r = new WriteAheadLog<>(FileStorage.open(dir.toString()), Strings.CODEC).recover();
        assertEquals(1, r.snapshot().index());
        assertEquals(List.of(e(1, "b")), r.entries());
        assertFalse(Files.exists(dir.resolve("log.2")), "the cut-short compaction's file is gone");
    }
}
