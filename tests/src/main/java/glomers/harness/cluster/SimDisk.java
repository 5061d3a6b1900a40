package glomers.harness.cluster;

import glomers.core.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The simulated twin of a node's disk: {@link Storage} in memory, kept by its {@link SimNode}
 * across crashes. A crash keeps every synced record and replaced file, and of the records
 * appended since the last sync only a random prefix (the part the page cache happened to flush),
 * so a node is tested against losing exactly what the contract allows it to lose. A directory is
 * held by one incarnation at a time, as the file lock holds it for one process.
 */
public final class SimDisk implements Storage.Opener {

    private final Map<String, Directory> directories = new HashMap<>();
    private final Set<String> held = new HashSet<>();
    private long lostRecords;

    @Override
    public Storage open(String directory) throws IOException {
        if (!held.add(directory)) {
            throw new IOException(directory + " is in use by another process (its LOCK file is locked): one writer per directory");
        }
        return directories.computeIfAbsent(directory, d -> new Directory());
    }

    /** The machine goes down: unsynced records beyond a random prefix are lost, locks are released. */
    void crash(SplittableRandom random) {
        for (Directory d : directories.values()) {
            for (Map.Entry<String, List<byte[]>> e : d.unsynced.entrySet()) {
                List<byte[]> pending = e.getValue();
                int kept = pending.isEmpty() ? 0 : random.nextInt(pending.size() + 1);
                d.synced.computeIfAbsent(e.getKey(), f -> new ArrayList<>()).addAll(pending.subList(0, kept));
                lostRecords += pending.size() - kept;
            }
            d.unsynced.clear();
        }
        held.clear();
    }

    /** Records appended but never synced that crashes have thrown away so far. */
    public long lostRecords() {
        return lostRecords;
    }

    private static final class Directory implements Storage {
        final Map<String, List<byte[]>> synced = new LinkedHashMap<>();
        final Map<String, List<byte[]>> unsynced = new LinkedHashMap<>();
        final Map<String, byte[]> files = new HashMap<>();

        /** A record's position is its number in the file: synced records first, then the rest. */
        @Override
        public List<Record> recover(String file) {
            List<Record> records = new ArrayList<>();
            for (byte[] r : synced.getOrDefault(file, List.of())) {
                records.add(new Record(records.size(), r.clone()));
            }
            for (byte[] r : unsynced.getOrDefault(file, List.of())) {
                records.add(new Record(records.size(), r.clone()));
            }
            return records;
        }

        @Override
        public long append(String file, byte[] record) {
            long position = synced.getOrDefault(file, List.of()).size() + unsynced.getOrDefault(file, List.of()).size();
            unsynced.computeIfAbsent(file, f -> new ArrayList<>()).add(record.clone());
            return position;
        }

        @Override
        public byte[] readRecord(String file, long position) throws IOException {
            List<byte[]> done = synced.getOrDefault(file, List.of());
            if (position >= 0 && position < done.size()) {
                return done.get((int) position).clone();
            }
            throw new IOException("no synced record " + position + " in " + file);
        }

        @Override
        public void sync() {
            for (Map.Entry<String, List<byte[]>> e : unsynced.entrySet()) {
                synced.computeIfAbsent(e.getKey(), f -> new ArrayList<>()).addAll(e.getValue());
            }
            unsynced.clear();
        }

        @Override
        public byte[] read(String file) {
            byte[] contents = files.get(file);
            return contents == null ? null : contents.clone();
        }

        @Override
        public void replace(String file, byte[] contents) {
            files.put(file, contents.clone());
        }

        @Override
        public void delete(String file) {
            synced.remove(file);
            unsynced.remove(file);
            files.remove(file);
        }
    }
}
