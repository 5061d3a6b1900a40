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

    private final Storage storage;
    private final Codec<C> codec;

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
        return new WriteAheadLog<>(env.openStorage(directory + "/" + env.nodeId()), codec);
    }

    public boolean durable() {
        return storage != null;
    }

    /** What a previous run of this node left: its term, its vote in that term, and its log. */
    public record Recovered<C>(long term, String votedFor, List<Entry<C>> entries, List<Long> positions) {
        public static <C> Recovered<C> empty() {
            return new Recovered<>(0, null, List.of(), List.of());
        }
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
        List<Entry<C>> entries = new ArrayList<>();
        List<Long> positions = new ArrayList<>();
        for (Storage.Record record : storage.recover(LOG_FILE)) {
            JsonNode json = Json.MAPPER.readTree(record.bytes());
            int index = json.path(1).asInt(-1);
            if (index < 1 || index > entries.size() + 1) {
                throw new IOException("log record for index " + index + " after " + entries.size() + " entries: "
                        + json);
            }
            entries.subList(index - 1, entries.size()).clear();
            positions.subList(index - 1, positions.size()).clear();
            if (!"t".equals(json.path(0).asText())) {
                entries.add(Entry.fromJson(json.path(2), codec));
                positions.add(record.position());
            }
        }
        return new Recovered<>(term, votedFor, entries, positions);
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
            return storage.append(LOG_FILE, Json.MAPPER.writeValueAsBytes(record));
        } catch (IOException e) {
            throw new UncheckedIOException("could not append to the write-ahead log", e);
        }
    }

    /** The synced entry whose record is at {@code position}. */
    Entry<C> read(long position) {
        try {
            return Entry.fromJson(Json.MAPPER.readTree(storage.readRecord(LOG_FILE, position)).path(2), codec);
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
