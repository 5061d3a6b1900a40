package glomers.harness.check;

import java.util.Optional;

/**
 * What checkers need besides the history: the network's counts (Maelstrom's net journal) and
 * the options that change verdicts.
 *
 * @param all          every message: sends, receives, distinct message ids
 * @param clients      messages with a client endpoint (src or dest starting with "c")
 * @param servers      messages with no client endpoint (node to node, node to service)
 * @param availability absent, "total", or a fraction such as "0.99"
 */
public record RunFacts(NetCounts all, NetCounts clients, NetCounts servers, Optional<String> availability) {

    /** Counts as Maelstrom's net checker keeps them; dropped messages count as sent. */
    public record NetCounts(long sendCount, long recvCount, long msgCount) {
    }
}
