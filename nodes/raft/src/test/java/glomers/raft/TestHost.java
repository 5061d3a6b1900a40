package glomers.raft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Env;
import glomers.core.Handlers;
import glomers.core.NodeLogic;
import glomers.core.RpcError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The smallest host of a Raft: its commands are strings, it applies them to a list, and it tells
 * the {@link Network} of every commit and leader so the network can check Raft's safety
 * properties across all nodes and incarnations.
 */
final class TestHost implements NodeLogic, Raft.Listener<String>, RaftLog.Observer<String>, Raft.Snapshots {

    static final RaftSettings SETTINGS = new RaftSettings(100_000_000L, 5_000_000L, 10_000, 1_000_000_000L);

    private final Network network;
    private final MemoryDisk disk;
    private final boolean flawCommitAlone;
    /** Snapshot every this many applied entries (0 for never). */
    private final int snapshotEvery;
    private final boolean ringRounds;
    Raft<String> raft;
    /** What this incarnation applied, in order, the leaders' no-ops left out. */
    final List<String> applied = new ArrayList<>();
    /** What new leaders' logs replaced here. */
    final List<String> truncated = new ArrayList<>();

    TestHost(Network network, MemoryDisk disk, boolean flawCommitAlone, int snapshotEvery, boolean ringRounds) {
        this.network = network;
        this.ringRounds = ringRounds;
        this.disk = disk;
        this.flawCommitAlone = flawCommitAlone;
        this.snapshotEvery = snapshotEvery;
    }

    @Override
    public void onInit(Env env, Handlers handlers) throws RpcError {
        try {
            WriteAheadLog<String> wal = disk == null ? WriteAheadLog.none(Strings.CODEC)
                    : WriteAheadLog.open(env, "/data", Strings.CODEC);
            raft = new Raft<>(env, SETTINGS, Strings.CODEC, wal, wal.recover(), this, this, flawCommitAlone);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (snapshotEvery > 0) {
            raft.snapshotEvery(snapshotEvery, this);
        }
        if (ringRounds) {
            raft.ringRounds();
        }
        raft.register(handlers);
        raft.start();
    }

    @Override
    public JsonNode snapshot() {
        ArrayNode state = glomers.core.Bodies.nodes().arrayNode();
        applied.forEach(state::add);
        return state;
    }

    @Override
    public void restore(int index, JsonNode snapshot) {
        applied.clear();
        snapshot.forEach(command -> applied.add(command.asText()));
    }

    @Override
    public void onCommitted(int index, Entry<String> entry) {
        network.committed(this, index, entry);
        if (!entry.command().equals(Strings.NOOP)) {
            applied.add(entry.command());
        }
    }

    @Override
    public void onLeaderChanged(String leader) {
        if (raft != null && raft.isLeader()) {
            network.elected(raft.term(), leader);
        }
    }

    @Override
    public void onTruncated(List<Entry<String>> removed) {
        removed.forEach(e -> truncated.add(e.command()));
    }

    @Override
    public void onForwarded(String from, JsonNode ack) {
        if (ack.has("forwards")) {
            throw new AssertionError("the test host forwards nothing, got " + ack);
        }
    }

    @Override
    public void addForwards(ObjectNode toLeader) {
    }

    @Override
    public void onTick() {
    }

    @Override
    public void appended(int index, String command) {
    }

    @Override
    public void removed(int index, String command) {
    }

    @Override
    public void evicted(int index, String command) {
    }

    /** The log's entries after its snapshot, to the last, as "term:command". */
    List<String> logEntries() {
        List<String> entries = new ArrayList<>();
        for (int i = raft.log().base() + 1; i <= raft.log().lastIndex(); i++) {
            Entry<String> e = raft.log().entry(i);
            entries.add(e.term() + ":" + e.command());
        }
        return entries;
    }
}
