package glomers.raft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Bodies;
import glomers.core.Env;
import glomers.core.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The log and Raft's term and vote on disk, through the core's {@link Storage} (the simulator's
 * twin of it can crash the node between any two writes).
 * The log file is append-only: an entry is {@code ["a", index, entry]}, a follower's truncation
 * {@code ["t", index]}, and replaying them in order rebuilds the log. Term and vote live in a
 * small file replaced whole. Without a directory every method does nothing and the log lives in
 * memory only: then a restarted node comes back empty, which is safe only if it never crashes.
 *
 * <p>A host that snapshots its state ({@link #compact}) keeps the log short on disk too. The
 * snapshot file (replaced whole) holds the state, the index and term it covers, and the number
 * of the log file that follows it: {@code log} first, then {@code log.1}, {@code log.2}, ...
 * Compacting writes the entries after the snapshot to the next log file and syncs them, then
 * replaces the snapshot file, which is the commit point, then deletes the old log file. A crash
 * before the commit point leaves the old snapshot and its whole log file (the new file is
 * deleted on recovery); after it, the new ones (the old file, if still there, is deleted).
 *
 * <p>Failures to write are thrown unchecked: the handler that was about to ack or vote stops, so
 * a node that cannot persist goes quiet rather than promising what it did not store.
 */
public final class WriteAheadLog<C> {

    /** Loaded only with a data directory: an ObjectMapper costs start-up time the others need not pay. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
    static final String LOG_FILE = "log";
    static final String META_FILE = "meta";
    static final String SNAPSHOT_FILE = "snapshot";

    private final Storage storage;
    private final Codec<C> codec;
    /** Which log file is the current one: 0 for {@code log}, n for {@code log.n}. */
    private int logNumber;
    private String logFile = LOG_FILE;

    /** @param storage where the log lives; null for none (every method does nothing) */
    public WriteAheadLog(Storage storage, Codec<C> codec) {
        this.storage = storage;
        this.codec = codec;
    }

    /** No disk: the log lives in memory only. */
    public static <C> WriteAheadLog<C> none(Codec<C> codec) {
        return new WriteAheadLog<>(null, codec);
    }

    /** The log of this node in {@code directory/<node id>}. */
    public static <C> WriteAheadLog<C> open(Env env, String directory, Codec<C> codec) throws IOException {
        return new WriteAheadLog<>(env.openNodeStorage(directory), codec);
    }

    public boolean durable() {
        return storage != null;
    }

    /**
     * What a previous run of this node left: its term, its vote in that term, its last snapshot
     * (null for none) and the log that follows it.
     */
    public record Recovered<C>(long term, String votedFor, Snapshot snapshot, List<Entry<C>> entries,
                               List<Long> positions) {
        public static <C> Recovered<C> empty() {
            return new Recovered<>(0, null, null, List.of(), List.of());
        }
    }

    /** The host's state after applying every entry through {@code index}, whose term was {@code term}. */
    public record Snapshot(int index, long term, JsonNode data) {
    }

    private static String logFile(int number) {
        return number == 0 ? LOG_FILE : LOG_FILE + "." + number;
    }

    /** Where an entry is not on disk: without a data directory, or not appended here. */
    static final long NOWHERE = -1;

    public Recovered<C> recover() throws IOException {
        if (storage == null) {
            return Recovered.empty();
        }
        long term = 0;
        String votedFor = null;
        byte[] meta = storage.read(META_FILE);
        if (meta != null) {
            JsonNode json = Json.MAPPER.readTree(meta);
            term = json.path("term").asLong(0);
            votedFor = json.path("voted_for").isTextual() ? json.get("voted_for").asText() : null;
        }
        Snapshot snapshot = null;
        byte[] saved = storage.read(SNAPSHOT_FILE);
        if (saved != null) {
            JsonNode json = Json.MAPPER.readTree(saved);
            if (!json.path("index").canConvertToInt() || !json.path("term").canConvertToLong()
                    || !json.path("log").canConvertToInt() || !json.has("data")) {
                throw new IOException("the snapshot file needs index, term, log and data; it holds "
                        + new String(saved, java.nio.charset.StandardCharsets.UTF_8));
            }
            snapshot = new Snapshot(json.get("index").asInt(), json.get("term").asLong(), json.get("data"));
            logNumber = json.get("log").asInt();
            logFile = logFile(logNumber);
            // What a compaction cut short left: the next file before its commit point, the
            // previous one after it.
            storage.delete(logFile(logNumber + 1));
            if (logNumber > 0) {
                storage.delete(logFile(logNumber - 1));
            }
        }
        int first = snapshot == null ? 1 : snapshot.index() + 1;
        List<Entry<C>> entries = new ArrayList<>();
        List<Long> positions = new ArrayList<>();
        for (Storage.Record record : storage.recover(logFile)) {
            JsonNode json = Json.MAPPER.readTree(record.bytes());
            int index = json.path(1).asInt(-1);
            if (index < first || index > first + entries.size()) {
                throw new IOException("log record for index " + index + " after " + entries.size()
                        + " entries from index " + first + ": " + json);
            }
            entries.subList(index - first, entries.size()).clear();
            positions.subList(index - first, positions.size()).clear();
            if (!"t".equals(json.path(0).asText())) {
                entries.add(Entry.fromJson(json.path(2), codec));
                positions.add(record.position());
            }
        }
        return new Recovered<>(term, votedFor, snapshot, entries, positions);
    }

    /**
     * Makes {@code snapshot} the start of the log on disk: the entries after it ({@code following},
     * oldest first, read before anything is written) go to a new log file, the snapshot file names
     * it, and the old log file goes. Returns where each of those entries now is; everything is
     * synced when it returns.
     */
    long[] compact(Snapshot snapshot, java.util.function.IntFunction<Entry<C>> following, int count) {
        if (storage == null) {
            throw new IllegalStateException("no write-ahead log to compact");
        }
        try {
            int next = logNumber + 1;
            String nextFile = logFile(next);
            storage.delete(nextFile);
            long[] positions = new long[count];
            for (int i = 0; i < count; i++) {
                ArrayNode record = Bodies.nodes().arrayNode().add("a").add(snapshot.index() + 1 + i);
                record.add(following.apply(i).toJson(codec));
                positions[i] = storage.append(nextFile, Json.MAPPER.writeValueAsBytes(record));
            }
            storage.sync();
            ObjectNode saved = Bodies.nodes().objectNode();
            saved.put("index", snapshot.index());
            saved.put("term", snapshot.term());
            saved.put("log", next);
            saved.set("data", snapshot.data());
            storage.replace(SNAPSHOT_FILE, Json.MAPPER.writeValueAsBytes(saved));
            String oldFile = logFile;
            logNumber = next;
            logFile = nextFile;
            storage.delete(oldFile);
            return positions;
        } catch (IOException e) {
            throw new UncheckedIOException("could not compact the write-ahead log through " + snapshot.index(), e);
        }
    }

    /** Returns where the entry's record is, for {@link #read} once synced; {@link #NOWHERE} without a disk. */
    long appended(int index, Entry<C> entry) {
        if (storage == null) {
            return NOWHERE;
        }
        ArrayNode record = Bodies.nodes().arrayNode().add("a").add(index);
        record.add(entry.toJson(codec));
        return write(record);
    }

    void truncated(int fromIndex) {
        if (storage != null) {
            write(Bodies.nodes().arrayNode().add("t").add(fromIndex));
        }
    }

    private long write(JsonNode record) {
        try {
            return storage.append(logFile, Json.MAPPER.writeValueAsBytes(record));
        } catch (IOException e) {
            throw new UncheckedIOException("could not append to the write-ahead log", e);
        }
    }

    /** The synced entry whose record is at {@code position}. */
    Entry<C> read(long position) {
        try {
            return Entry.fromJson(Json.MAPPER.readTree(storage.readRecord(logFile, position)).path(2), codec);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the write-ahead log at " + position, e);
        }
    }

    /** Group commit: everything appended so far reaches the disk with one fsync. */
    void sync() {
        if (storage != null) {
            try {
                storage.sync();
            } catch (IOException e) {
                throw new UncheckedIOException("could not sync the write-ahead log", e);
            }
        }
    }

    void saveTermAndVote(long term, String votedFor) {
        if (storage != null) {
            ObjectNode meta = Bodies.nodes().objectNode();
            meta.put("term", term);
            meta.put("voted_for", votedFor);
            try {
                storage.replace(META_FILE, Json.MAPPER.writeValueAsBytes(meta));
            } catch (IOException e) {
                throw new UncheckedIOException("could not save term " + term + " and vote " + votedFor, e);
            }
        }
    }
}
