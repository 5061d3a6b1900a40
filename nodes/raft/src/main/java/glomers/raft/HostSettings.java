package glomers.raft;

import glomers.core.Env;
import glomers.core.ErrorCode;
import glomers.core.NodeArgs;
import glomers.core.RpcError;
import java.io.IOException;
import java.util.List;

/**
 * The node arguments every host of Raft takes (kafka, lin-kv), each {@code key=value}:
 * <ul>
 *   <li>{@code election-ms} (400): the base election timeout; a follower that hears no leader for
 *       a random time in [base, 2·base) stands for election, a leader steps down when a majority
 *       has not answered within the base, and heartbeats go out every quarter of it.
 *   <li>{@code batch-ms} (the host's default): the least gap between two messages to one peer;
 *       everything that comes up in between shares the next message.
 *   <li>{@code reply-ms} (the host's default, at most 4000): a request not done by then is
 *       answered with an error, definite only when nothing was appended; always under
 *       Maelstrom's client timeout.
 *   <li>{@code data} (none): a directory for the write-ahead log, each node in its own
 *       subdirectory; without it the log is in memory and a restarted node comes back empty.
 *   <li>{@code memory-entries} (10000): with a write-ahead log, how many of the newest entries
 *       stay in memory; older ones (applied, on disk, past the request-id window) are read back
 *       from disk when asked for.
 *   <li>{@code rounds} ({@code ring} or {@code star}, the host's default): whether the leader's
 *       rounds go around the ring of nodes, one message per hop, while the ring holds
 *       ({@link Raft#ringRounds}), or to each follower and back.
 * </ul>
 */
public record HostSettings(long electionNanos, long batchNanos, long replyNanos, String dataDirectory, int memoryEntries,
                           boolean ringRounds) {

    /** How the leader's rounds travel, by default: see {@code rounds}. */
    public enum Rounds { RING, STAR }

    /**
     * How long a request id stays in memory after its entry was appended: a request lives at most
     * {@code reply-ms} (under 4 s) and the leader drops forwards past their deadline, so no
     * duplicate of an older request can still arrive.
     */
    public static final long REQUEST_ID_WINDOW_NANOS = 10_000_000_000L;

    /**
     * What a host was started with, past its own defaults for the batch gap and the reply window;
     * {@code hostKeys} are the host's own arguments, accepted here and read by the host.
     */
    public static HostSettings of(Env env, long defaultBatchMs, long defaultReplyMs, Rounds defaultRounds, String... hostKeys)
            throws RpcError {
        List<String> keys = new java.util.ArrayList<>(List.of("election-ms", "batch-ms", "reply-ms", "data", "memory-entries",
                "rounds"));
        keys.addAll(List.of(hostKeys));
        NodeArgs args = NodeArgs.parse(env.args(), keys);
        return new HostSettings(args.positiveMillis("election-ms", 400), args.positiveMillis("batch-ms", defaultBatchMs),
                Math.min(args.positiveMillis("reply-ms", defaultReplyMs), 4_000_000_000L), args.text("data"),
                args.positiveInt("memory-entries", 10_000),
                args.oneOf("rounds", defaultRounds == Rounds.RING ? "ring" : "star", List.of("ring", "star")).equals("ring"));
    }

    /** Builds the host's Raft's settings into it, past its constructor: the ring, when asked for. */
    public void applyTo(Raft<?> raft) {
        if (ringRounds) {
            raft.ringRounds();
        }
    }

    public RaftSettings raft() {
        return new RaftSettings(electionNanos, batchNanos, memoryEntries, REQUEST_ID_WINDOW_NANOS);
    }

    /** The write-ahead log in {@code data} and what a previous run left there, or none without it. */
    public record Opened<C>(WriteAheadLog<C> wal, WriteAheadLog.Recovered<C> recovered) {
    }

    /** Opens the write-ahead log {@code data} names; a directory that cannot be used fails init with 13. */
    public <C> Opened<C> openLog(Env env, Codec<C> codec) throws RpcError {
        if (dataDirectory == null) {
            return new Opened<>(WriteAheadLog.none(codec), WriteAheadLog.Recovered.empty());
        }
        try {
            WriteAheadLog<C> wal = WriteAheadLog.open(env, dataDirectory, codec);
            WriteAheadLog.Recovered<C> recovered = wal.recover();
            env.log().info("recovered", "recovered term " + recovered.term() + ", vote " + recovered.votedFor() + " and "
                    + recovered.entries().size() + " log entries from " + dataDirectory);
            return new Opened<>(wal, recovered);
        } catch (IOException | RuntimeException e) {
            throw new RpcError(ErrorCode.CRASH, "cannot use data directory " + dataDirectory + ": " + e);
        }
    }
}
