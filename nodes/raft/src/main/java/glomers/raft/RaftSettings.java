package glomers.raft;

/**
 * Raft's clocks and memory bound.
 *
 * @param electionNanos the base election timeout: a follower that hears no leader for a random
 *     time in [base, 2·base) stands for election, a leader steps down when a majority has not
 *     answered within it, and heartbeats go out every quarter of it
 * @param batchNanos the least gap between two messages to one peer; everything that comes up in
 *     between shares the next message
 * @param memoryEntries with a write-ahead log, how many of the newest entries stay in memory;
 *     older ones (applied, on disk) are read back from disk when asked for
 * @param evictAfterNanos with a write-ahead log, how long an entry stays in memory at least after
 *     it was appended: the host's indexes of it (request ids) may be needed that long
 */
public record RaftSettings(long electionNanos, long batchNanos, int memoryEntries, long evictAfterNanos) {

    public long heartbeatNanos() {
        return electionNanos / 4;
    }
}
