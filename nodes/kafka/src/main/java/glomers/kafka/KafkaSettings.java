package glomers.kafka;

import glomers.core.Env;
import glomers.core.NodeArgs;
import glomers.core.RpcError;
import glomers.raft.RaftSettings;
import java.util.List;

/**
 * The kafka binary's node arguments, each {@code key=value}:
 * <ul>
 *   <li>{@code election-ms} (400): the base election timeout; a follower that hears no leader for
 *       a random time in [base, 2·base) stands for election, a leader steps down when a majority
 *       has not answered within the base, and heartbeats go out every quarter of it.
 *   <li>{@code batch-ms} (5): the least gap between two messages to one peer; everything that
 *       comes up in between shares the next message.
 *   <li>{@code reply-ms} (3500): a request not done by then is answered with an error, definite
 *       only when nothing was appended; always under Maelstrom's 5 s client timeout.
 *   <li>{@code data} (none): a directory for the write-ahead log, each node in its own
 *       subdirectory; without it the log is in memory and a restarted node comes back empty.
 *   <li>{@code memory-entries} (10000): with a write-ahead log, how many of the newest entries
 *       stay in memory; older ones (applied, on disk, past the request-id window) are read back
 *       from disk when asked for.
 * </ul>
 */
record KafkaSettings(long electionNanos, long batchNanos, long replyNanos, String dataDirectory, int memoryEntries) {

    /**
     * How long a request id stays in memory after its entry was appended: a request lives at most
     * {@code reply-ms} (under 4 s) and the leader drops forwards past their deadline, so no
     * duplicate of an older request can still arrive.
     */
    static final long REQUEST_ID_WINDOW_NANOS = 10_000_000_000L;

    static KafkaSettings of(Env env) throws RpcError {
        NodeArgs args = NodeArgs.parse(env.args(), List.of("election-ms", "batch-ms", "reply-ms", "data",
                "memory-entries"));
        return new KafkaSettings(args.positiveMillis("election-ms", 400), args.positiveMillis("batch-ms", 5),
                Math.min(args.positiveMillis("reply-ms", 3500), 4_000_000_000L), args.text("data"),
                args.positiveInt("memory-entries", 10_000));
    }

    RaftSettings raft() {
        return new RaftSettings(electionNanos, batchNanos, memoryEntries, REQUEST_ID_WINDOW_NANOS);
    }
}
