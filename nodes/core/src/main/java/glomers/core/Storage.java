package glomers.core;

import java.io.IOException;
import java.util.List;

/**
 * A node's durable state: append-only record files and small files replaced whole. The stdio
 * runtime keeps them in a directory ({@link FileStorage}); the simulator keeps a twin in memory
 * that loses what was not synced when it crashes the node, so logic is tested against exactly
 * what this contract promises and no more.
 */
public interface Storage {

    /** One record of an append-only file and where it is, for {@link #readRecord}. */
    record Record(long position, byte[] bytes) {
    }

    /**
     * The records of an append-only file that reached the disk, oldest first. A torn last record
     * (a crash in the middle of a write) is dropped and cut off the file, so appends continue after
     * the last whole record. Call it once per file, before appending to it.
     */
    List<Record> recover(String file) throws IOException;

    /**
     * Adds a record to an append-only file; durable only after the next {@link #sync}.
     *
     * @return where the record is, for {@link #readRecord} once it is synced
     */
    long append(String file, byte[] record) throws IOException;

    /** Reads back the synced record at {@code position} (from {@link #append} or {@link #recover}). */
    byte[] readRecord(String file, long position) throws IOException;

    /** Makes every record appended so far durable: one write and one fsync per file touched. */
    void sync() throws IOException;

    /** A small file's contents, or null when it does not exist. */
    byte[] read(String file) throws IOException;

    /** Replaces a small file whole, atomically and durably: a crash leaves the old or the new contents. */
    void replace(String file, byte[] contents) throws IOException;

    /**
     * Removes a file of either kind, durably, with whatever of it was not synced; a file that does
     * not exist is no error. A record file written again after it starts empty.
     */
    void delete(String file) throws IOException;

    /** Opens the storage of one directory; each runtime has its own. */
    @FunctionalInterface
    interface Opener {
        /**
         * @throws IOException also when another process holds the directory: one writer per
         *     directory, enforced by a lock
         */
        Storage open(String directory) throws IOException;
    }
}
