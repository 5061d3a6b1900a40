package glomers.raft;

import glomers.core.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One node's disk in memory, surviving its crashes: a record appended but not yet synced is lost
 * by {@link #crash}, a replaced file is durable at once (as core's Storage promises). A crash
 * point can be set: the write after the given number fails, and so does every later one, until
 * the node is crashed (the network then restarts it from what was written before the point).
 */
final class MemoryDisk implements Storage.Opener {

    private final Map<String, List<byte[]>> files = new HashMap<>();
    private final Map<String, Integer> synced = new HashMap<>();
    private final Map<String, byte[]> small = new HashMap<>();
    /** Appends, syncs, replaces and deletes so far. */
    int writes;
    private int failAfter = Integer.MAX_VALUE;
    boolean failed;

    /** The records held in every record file, synced or not. */
    int records() {
        return files.values().stream().mapToInt(List::size).sum();
    }

    /** Loses every record not synced, and clears the crash point. */
    void crash() {
        files.forEach((name, records) -> records.subList(synced.getOrDefault(name, 0), records.size()).clear());
        failed = false;
        failAfter = Integer.MAX_VALUE;
    }

    /** The node dies just before its {@code n + 1}th write from now. */
    void crashAfterWrites(int n) {
        failAfter = writes + n;
    }

    private void write() throws IOException {
        if (failed || writes >= failAfter) {
            failed = true;
            throw new IOException("crash point: write " + (writes + 1));
        }
        writes++;
    }

    @Override
    public Storage open(String directory) {
        return new Storage() {
            @Override
            public List<Record> recover(String file) {
                List<Record> records = new ArrayList<>();
                List<byte[]> stored = files.getOrDefault(key(file), List.of());
                for (int i = 0; i < stored.size(); i++) {
                    records.add(new Record(i, stored.get(i)));
                }
                return records;
            }

            @Override
            public long append(String file, byte[] record) throws IOException {
                write();
                List<byte[]> records = files.computeIfAbsent(key(file), k -> new ArrayList<>());
                records.add(record.clone());
                return records.size() - 1;
            }

            @Override
            public byte[] readRecord(String file, long position) throws IOException {
                List<byte[]> records = files.getOrDefault(key(file), List.of());
                if (position >= synced.getOrDefault(key(file), 0)) {
                    throw new IOException("record " + position + " of " + file + " is not synced");
                }
                return records.get((int) position);
            }

            @Override
            public void sync() throws IOException {
                write();
                files.forEach((name, records) -> synced.put(name, records.size()));
            }

            @Override
            public byte[] read(String file) {
                return small.get(key(file));
            }

            @Override
            public void replace(String file, byte[] contents) throws IOException {
                write();
                small.put(key(file), contents.clone());
            }

            @Override
            public void delete(String file) throws IOException {
                write();
                files.remove(key(file));
                synced.remove(key(file));
                small.remove(key(file));
            }

            private String key(String file) {
                return directory + "/" + file;
            }
        };
    }
}
