package glomers.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import glomers.core.FileStorage;
import glomers.core.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The own values on disk: compacted as records pile up, and whole after a crash at any step of it. */
class ValueLogTest {

    @TempDir
    Path dir;
    /** One writer per directory: each reopening (a restart) closes the last storage first. */
    private FileStorage storage;

    private FileStorage reopen() throws IOException {
        if (storage != null) {
            storage.close();
        }
        storage = FileStorage.open(dir.toString());
        return storage;
    }

    @AfterEach
    void close() throws IOException {
        if (storage != null) {
            storage.close();
        }
    }

    private static ValueSet values(int from, int to) {
        ValueSet set = new ValueSet();
        for (int i = from; i < to; i++) {
            set.add(JsonNodeFactory.instance.numberNode(i));
        }
        return set;
    }

    /** Writes {@code count} one-value batches, as a node's group commits do; returns every value written. */
    private static ValueSet writeBatches(ValueLog log, ValueSet before, int from, int count) throws IOException {
        ValueSet all = before.copy();
        for (int i = from; i < from + count; i++) {
            ValueSet batch = values(i, i + 1);
            log.write(batch, all);
            all.merge(batch);
        }
        return all;
    }

    @Test
    void thousandsOfCommitsLeaveAFileOfAtMostAThousandRecordsAndEveryValue() throws IOException {
        ValueLog log = new ValueLog(reopen());
        assertTrue(log.recover().isEmpty());
        ValueSet written = writeBatches(log, new ValueSet(), 0, 2_500);

        // Two compactions: generation 2, the files of 0 and 1 gone.
        assertEquals("2", Files.readString(dir.resolve(ValueLog.GENERATION)).trim());
        assertFalse(Files.exists(dir.resolve(ValueLog.FILE)));
        assertFalse(Files.exists(dir.resolve(ValueLog.FILE + ".1")));
        Storage fresh = reopen();
        assertEquals(2_500 - 2 * ValueLog.COMPACT_AFTER, fresh.recover(ValueLog.FILE + ".2").size());

        ValueLog restarted = new ValueLog(reopen());
        ValueSet recovered = restarted.recover();
        assertEquals(2_500, recovered.size());
        assertEquals(written.hash(), recovered.hash());
        // And it goes on from where it was: 500 more records reach the next compaction.
        ValueSet more = writeBatches(restarted, recovered, 2_500, ValueLog.COMPACT_AFTER - 500 + 1);
        assertEquals("3", Files.readString(dir.resolve(ValueLog.GENERATION)).trim());
        assertEquals(more.hash(), new ValueLog(reopen()).recover().hash());
    }

    /** Ten one-value commits on a fresh log, before the crash a test plants by hand; returns what was written. */
    private ValueSet tenCommits() throws IOException {
        ValueLog log = new ValueLog(reopen());
        log.recover();
        return writeBatches(log, new ValueSet(), 0, 10);
    }

    @Test
    void aCompactionCutShortBeforeItsCommitPointLeavesTheOldFileInUse() throws IOException {
        ValueSet written = tenCommits();
        // The next generation's file written and synced, the generation not yet named: the crash.
        Storage crashed = reopen();
        crashed.append(ValueLog.FILE + ".1", "[0,1,2]".getBytes(StandardCharsets.US_ASCII));
        crashed.sync();

        ValueSet recovered = new ValueLog(reopen()).recover();
        assertEquals(written.hash(), recovered.hash());
        assertFalse(Files.exists(dir.resolve(ValueLog.FILE + ".1")), "the unfinished generation is deleted");
    }

    @Test
    void aCompactionCutShortAfterItsCommitPointUsesTheNewFileAndDeletesTheOld() throws IOException {
        ValueSet written = tenCommits();
        // Every value in the next generation's file, the generation named, the old file not yet deleted.
        Storage crashed = reopen();
        crashed.append(ValueLog.FILE + ".1", ValueLog.bytes(written));
        crashed.sync();
        crashed.replace(ValueLog.GENERATION, "1".getBytes(StandardCharsets.US_ASCII));

        ValueSet recovered = new ValueLog(reopen()).recover();
        assertEquals(written.hash(), recovered.hash());
        assertFalse(Files.exists(dir.resolve(ValueLog.FILE)), "the old generation is deleted");
    }
}
