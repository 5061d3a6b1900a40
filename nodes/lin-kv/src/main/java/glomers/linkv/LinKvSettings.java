package glomers.linkv;

import glomers.core.Env;
import glomers.core.NodeArgs;
import glomers.core.RpcError;
import glomers.raft.RaftSettings;
import java.util.List;

/**
 * The lin-kv binary's node arguments, each {@code key=value}:
 * <ul>
 *   <li>{@code election-ms} (400): the base election timeout (heartbeats every quarter of it).
 *   <li>{@code batch-ms} (40): the least gap between two messages to one peer; everything that comes up in between shares the next message (see the README for the figures that chose it).
 *   <li>{@code reply-ms} (750, at most 4000): a request not done by then is answered with an
 *       error (indefinite once a write or cas may have been appended). Maelstrom's lin-kv client
 *       gives up after max(10 × latency, 1 s); 750 ms plus a round trip to the client stays
 *       inside that at any latency, so no answer comes after the client has moved on.
 *   <li>{@code data} (none): a directory for the write-ahead log, each node in its own
 *       subdirectory; without it a restarted node comes back empty and catches up from the leader.
 *   <li>{@code memory-entries} (10000): with a write-ahead log, how many of the newest entries
 *       stay in memory.
 * </ul>
 */
record LinKvSettings(long electionNanos, long batchNanos, long replyNanos, String dataDirectory, int memoryEntries) {

    /** How long a request id stays in memory after its entry was appended (see kafka's): far past any deadline. */
    static final long REQUEST_ID_WINDOW_NANOS = 10_000_000_000L;

    static LinKvSettings of(Env env) throws RpcError {
        NodeArgs args = NodeArgs.parse(env.args(), List.of("election-ms", "batch-ms", "reply-ms", "data",
                "memory-entries"));
        return new LinKvSettings(args.positiveMillis("election-ms", 400), args.positiveMillis("batch-ms", 40),
                Math.min(args.positiveMillis("reply-ms", 750), 4_000_000_000L), args.text("data"),
                args.positiveInt("memory-entries", 10_000));
    }

    RaftSettings raft() {
        return new RaftSettings(electionNanos, batchNanos, memoryEntries, REQUEST_ID_WINDOW_NANOS);
    }
}
