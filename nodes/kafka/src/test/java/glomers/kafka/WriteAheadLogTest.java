package glomers.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.IntNode;
import glomers.core.FileStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteAheadLogTest {

    @TempDir
    Path dir;

    private static Entry send(long term, String key, int msg, String id) {
        return new Entry(term, new Command.Send(key, IntNode.valueOf(msg), id));
    }

    @Test
    void replayRebuildsTheLogThroughTruncationsAndKeepsTermAndVote() throws IOException {
        FileStorage storage = FileStorage.open(dir.resolve("a").toString());
        WriteAheadLog wal = new WriteAheadLog(storage);
        assertEquals(WriteAheadLog.Recovered.EMPTY.entries(), wal.recover().entries());
        wal.saveTermAndVote(2, "n1");
        wal.appended(1, new Entry(1, new Command.Noop()));
        wal.appended(2, send(1, "k", 5, "c1 1"));
        wal.appended(3, send(1, "k", 6, "c1 2"));
        wal.truncated(3);
        wal.appended(3, new Entry(2, new Command.CommitOffsets(Map.of("k", 0L), "c1 3")));
        wal.sync();
        wal.appended(4, send(2, "k", 7, "c1 4")); // never synced: lost
        storage.close();

        WriteAheadLog.Recovered r = new WriteAheadLog(FileStorage.open(dir.resolve("a").toString())).recover();
        assertEquals(2, r.term());
        assertEquals("n1", r.votedFor());
        assertEquals(List.of(new Entry(1, new Command.Noop()), send(1, "k", 5, "c1 1"),
                new Entry(2, new Command.CommitOffsets(Map.of("k", 0L), "c1 3"))), r.entries());
    }

    @Test
    void aTornLastRecordIsDroppedAndTheLogGoesOnAfterIt() throws IOException {
        FileStorage storage = FileStorage.open(dir.toString());
        WriteAheadLog wal = new WriteAheadLog(storage);
        wal.appended(1, send(1, "k", 5, "c1 1"));
        wal.sync();
        storage.close();
        // A crash in the middle of the next write: a header that promises 40 bytes, and 2 of them.
        Files.write(dir.resolve(WriteAheadLog.LOG_FILE), new byte[] {0, 0, 0, 40, 1, 2, 3, 4, 5, 6},
                StandardOpenOption.APPEND);
        WriteAheadLog.Recovered r = new WriteAheadLog(FileStorage.open(dir.toString())).recover();
        assertEquals(List.of(send(1, "k", 5, "c1 1")), r.entries());
        assertEquals(0, r.term());
        assertNull(r.votedFor());
    }
}
