package glomers.harness.net;

import glomers.harness.check.RunFacts.NetCounts;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maelstrom's net journal reduced to counts (net/checker.clj): sends are journalled when the
 * network accepts a message, before any drop; receives only on delivery. A message is a client
 * message when its src or dest starts with "c", a server message otherwise.
 */
public final class NetJournal {

    private final long[] sends = new long[2];
    private final long[] recvs = new long[2];
    private final long[] msgs = new long[2];
    /** Beyond Maelstrom: server messages by body type, to see where a protocol spends them. */
    private final Map<String, Long> serverTypes = new TreeMap<>();
    /**
     * Beyond Maelstrom: messages a server sent under a client's name (src a client id), which
     * Maelstrom counts as client messages. Maelstrom's own Raft demo forwards requests to its
     * leader so: a server-to-server hop its servers msgs-per-op leaves out.
     */
    private long relayedByServers;
    /** Beyond Maelstrom: server messages a partition dropped, by type: what a cut costs. */
    private final Map<String, Long> droppedServerTypes = new TreeMap<>();
    /**
     * Beyond Maelstrom: once closed, messages count here only (clients, servers), not in the
     * figures above. Maelstrom's journal ends with the run; what the harness sends after the
     * workload's last op (the convergence reads, and the gossip that settles before them) must
     * not change the msgs-per-op Maelstrom would report.
     */
    /** Sends, receives and message ids by group (clients 0, servers 1), once closed. */
    private long[] afterClose;

    /** From now on, messages count apart ({@link #afterClose()}), not in Maelstrom's figures. */
    public void close() {
        if (afterClose == null) {
            afterClose = new long[6];
        }
    }

    /** Messages since {@link #close()}, as Maelstrom's net checker groups them: all, clients, servers. */
    public Map<String, NetCounts> afterClose() {
        long[] a = afterClose == null ? new long[6] : afterClose;
        Map<String, NetCounts> m = new java.util.LinkedHashMap<>();
        m.put("all", new NetCounts(a[0] + a[1], a[2] + a[3], a[4] + a[5]));
        m.put("clients", new NetCounts(a[0], a[2], a[4]));
        m.put("servers", new NetCounts(a[1], a[3], a[5]));
        return m;
    }

    static boolean involvesClient(String src, String dest) {
        return src.startsWith("c") || dest.startsWith("c");
    }

    void onSend(String src, String dest, String type) {
        int g = group(src, dest);
        if (afterClose != null) {
            afterClose[g]++;
            afterClose[4 + g]++;
            return;
        }
        if (g == 1) {
            serverTypes.merge(type, 1L, Long::sum);
        }
        sends[g]++;
        // Every accepted send gets a fresh id, so distinct ids = sends (duplicates reuse theirs).
        msgs[g]++;
    }

    void onRelayedByServer() {
        if (afterClose != null) {
            return;
        }
        relayedByServers++;
    }

    /** Messages servers sent under a client's name: forwards Maelstrom counts as client messages. */
    public long relayedByServers() {
        return relayedByServers;
    }

    void onRecv(String src, String dest) {
        if (afterClose != null) {
            afterClose[2 + group(src, dest)]++;
            return;
        }
        recvs[group(src, dest)]++;
    }

    /** A partition dropped the message (sends count it already; it is never received). */
    void onPartitionDrop(String src, String dest, String type) {
        if (afterClose == null && group(src, dest) == 1) {
            droppedServerTypes.merge(type, 1L, Long::sum);
        }
    }

    private static int group(String src, String dest) {
        return involvesClient(src, dest) ? 0 : 1;
    }

    public NetCounts clients() {
        return new NetCounts(sends[0], recvs[0], msgs[0]);
    }

    public NetCounts servers() {
        return new NetCounts(sends[1], recvs[1], msgs[1]);
    }

    public Map<String, Long> serverMessagesByType() {
        return Map.copyOf(serverTypes);
    }

    public Map<String, Long> serverMessagesDroppedByType() {
        return Map.copyOf(droppedServerTypes);
    }

    public NetCounts all() {
        return new NetCounts(sends[0] + sends[1], recvs[0] + recvs[1], msgs[0] + msgs[1]);
    }
}
