package glomers.kafka;

import glomers.core.Env;
import glomers.core.NodeArgs;
import glomers.core.RpcError;
import java.util.List;

/**
 * The kafka binary's node arguments, each {@code key=value}:
 * <ul>
 *   <li>{@code election-ms} (400): the base election timeout; a follower that hears no leader for
 *       a random time in [base, 2·base) stands for election, a leader steps down when a majority
 *       has not answered within the base, and heartbeats go out every quarter of it.
 *   <li>{@code batch-ms} (5): the least gap between two messages to one peer; everything that
 *       comes up in between shares the next message.
 *   <li>{@code reply-ms} (2000): a request not done by then is answered with an error, definite
 *       only when nothing was appended; always under Maelstrom's 5 s client timeout.
 *   <li>{@code data} (none): a directory for the write-ahead log, each node in its own
 *       subdirectory; without it the log is in memory and a restarted node comes back empty.
 * </ul>
 */
record KafkaSettings(long electionNanos, long batchNanos, long replyNanos, String dataDirectory) {

    static KafkaSettings of(Env env) throws RpcError {
        NodeArgs args = NodeArgs.parse(env.args(), List.of("election-ms", "batch-ms", "reply-ms", "data"));
        return new KafkaSettings(args.positiveMillis("election-ms", 400), args.positiveMillis("batch-ms", 5),
                Math.min(args.positiveMillis("reply-ms", 2000), 4_000_000_000L), args.text("data"));
    }

    long heartbeatNanos() {
        return electionNanos / 4;
    }
}
