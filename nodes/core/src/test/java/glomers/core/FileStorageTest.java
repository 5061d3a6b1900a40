package glomers.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStorageTest {

    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> strings(List<byte[]> records) {
        return records.stream().map(r -> new String(r, StandardCharsets.UTF_8)).toList();
    }

    private static List<String> recovered(Storage s, String file) throws IOException {
        return strings(s.recover(file).stream().map(Storage.Record::bytes).toList());
    }

    @Test
    void recordsSurviveOnlyOnceSyncedAndComeBackInOrder() throws IOException {
        Storage s = FileStorage.open(dir.resolve("a").toString());
        assertEquals(List.of(), s.recover("log"));
        long first = s.append("log", bytes("zero"));
        s.sync();
        assertArrayEquals(bytes("zero"), s.readRecord("log", first));
        long synced = Files.size(dir.resolve("a/log"));
        s.append("log", bytes("one"));
        s.append("log", bytes("two"));
        assertEquals(synced, Files.size(dir.resolve("a/log")), "nothing is written before sync");
        s.sync();
        s.append("log", bytes("three"));
        s.sync();
        s.append("log", bytes("never synced"));
        assertEquals(List.of("zero", "one", "two", "three"), strings(FileStorage.parseAll(Files.readAllBytes(dir.resolve("a/log")))));
    }

    @Test
    void aTornOrCorruptTailIsDroppedAndCutSoAppendsContinueAfterTheLastWholeRecord() throws IOException {
        Path file = dir.resolve("log");
        byte[] whole = FileStorage.frame(bytes("kept"));
        byte[] torn = FileStorage.frame(bytes("torn in the middle"));
        byte[] tornPrefix = java.util.Arrays.copyOf(torn, torn.length - 3);
        Files.write(file, whole);
        Files.write(file, tornPrefix, StandardOpenOption.APPEND);
        Storage s = FileStorage.open(dir.toString());
        assertEquals(List.of("kept"), recovered(s, "log"));
        assertEquals(whole.length, Files.size(file), "the torn tail is cut off the file");
        long after = s.append("log", bytes("after"));
        s.sync();
        assertEquals(whole.length, after, "a record's position is where its frame starts");
        assertArrayEquals(bytes("after"), s.readRecord("log", after));
        assertEquals(List.of("kept", "after"), strings(FileStorage.parseAll(Files.readAllBytes(file))));

        byte[] flipped = FileStorage.frame(bytes("bit flip"));
        flipped[flipped.length - 1] ^= 1;
        Files.write(file, flipped, StandardOpenOption.APPEND);
        assertEquals(List.of("kept", "after"), recovered(s, "log"), "a checksum mismatch ends the log");
    }

    @Test
    void replaceIsWholeAndLeavesNoTemporaryFile() throws IOException {
        Storage s = FileStorage.open(dir.toString());
        assertNull(s.read("meta"));
        s.replace("meta", bytes("term 1"));
        s.replace("meta", bytes("term 2"));
        assertArrayEquals(bytes("term 2"), s.read("meta"));
        assertTrue(Files.notExists(dir.resolve("meta.tmp")));
    }

    @Test
    void deleteRemovesAFileWithWhatWasNotSyncedAndAFileWrittenAgainStartsEmpty() throws IOException {
        Storage s = FileStorage.open(dir.toString());
        s.append("log.1", bytes("old"));
        s.sync();
        s.append("log.1", bytes("never synced"));
        s.replace("snapshot", bytes("state"));
        s.delete("log.1");
        s.delete("snapshot");
        s.delete("never existed");
        s.sync();
        assertTrue(Files.notExists(dir.resolve("log.1")));
        assertNull(s.read("snapshot"));
        long first = s.append("log.1", bytes("new"));
        s.sync();
        assertEquals(0, first, "the file starts again from nothing");
        assertArrayEquals(bytes("new"), s.readRecord("log.1", first));
        assertEquals(List.of("new"), recovered(s, "log.1"));
    }

    @Test
    void aSecondWriterOnTheSameDirectoryIsRefusedClearly() throws IOException {
        FileStorage.open(dir.toString());
        IOException e = assertThrows(IOException.class, () -> FileStorage.open(dir.toString()));
        assertTrue(e.getMessage().contains("in use by another process"), e.getMessage());
    }
}
