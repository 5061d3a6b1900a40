package glomers.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Snapshots on the hand-driven network, nodes without disks snapshotting every 5 applied
 * entries, the log forgetting them once the request-id window (1 s here) has passed: it stays
 * short however many commands go through;
 * a follower cut off while the leader forgot what it missed is sent the snapshot and catches up;
 * a follower restarted empty is too; with disks, the log on disk is as short, a restart comes
 * back from the snapshot, and a crash between any two writes of a compaction loses nothing; and
 * throughout, the network's safety checks hold.
 */
class SnapshotTest {

    private static final long SEED = 13;

    private static Network settled(int nodes) {
        Network network = new Network(nodes, SEED).snapshotting(5);
        network.start();
        network.run(500);
        return network;
    }

    private static List<String> proposeOneByOne(Network network, String leader, String prefix, int count) {
        List<String> commands = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            commands.add(prefix + i);
            network.raft(leader).proposeAll(List.of(prefix + i));
            network.run(10);
        }
        return commands;
    }

    @Test
    void theLogForgetsWhatItAppliedAndStaysShort() {
        Network network = settled(3);
        String leader = network.leader();
        List<String> commands = proposeOneByOne(network, leader, "c", 200);
        network.run(1_200);
        for (String id : network.ids) {
            assertEquals(commands, network.node(id).applied, id);
            RaftLog<String> log = network.raft(id).log();
            // Compactions at about 1, 2 and 3 s, each to the snapshot taken a window before.
            assertTrue(log.base() >= 150, id + " kept its log from " + log.base());
            assertTrue(log.lastIndex() - log.base() <= 10, id + " holds " + (log.lastIndex() - log.base()) + " entries");
        }
        assertEquals(List.of(), network.violations);
    }

    @Test
    void aFollowerBehindTheLeadersSnapshotIsSentItAndCatchesUp() {
        Network network = settled(3);
        String leader = network.leader();
        String behind = aFollower(network);
        List<String> before = proposeOneByOne(network, leader, "a", 3);
        network.isolate(behind);
        List<String> missed = proposeOneByOne(network, leader, "b", 150);
        network.run(1_100);
        assertTrue(network.raft(leader).log().base() > network.raft(behind).log().lastIndex(),
                "the leader forgot entries the follower lacks");
        network.heal();
        network.run(300);
        List<String> all = new ArrayList<>(before);
        all.addAll(missed);
        assertEquals(all, network.node(behind).applied, "the snapshot, then what followed it");
        List<String> after = proposeOneByOne(network, leader, "c", 3);
        network.run(100);
        all.addAll(after);
        for (String id : network.ids) {
            assertEquals(all, network.node(id).applied, id);
        }
        assertEquals(List.of(), network.violations);
    }

    @Test
    void aFollowerRestartedEmptyIsSentTheSnapshot() {
        Network network = settled(3);
        String leader = network.leader();
        String follower = aFollower(network);
        List<String> commands = proposeOneByOne(network, leader, "a", 150);
        network.run(1_100);
        assertTrue(network.raft(leader).log().base() > 0, "the leader has forgotten the start of its log");
        network.crashAndRestart(follower);
        network.run(300);
        assertEquals(leader, network.leader(), "no election: the leader kept its quorum");
        assertEquals(commands, network.node(follower).applied, "the restarted follower has the state again");
        assertEquals(List.of(), network.violations);
    }

    @Test
    void onDiskTheLogStaysShortAndARestartComesBackFromTheSnapshot() {
        Network network = new Network(3, SEED).snapshottingOnDisk(5);
        network.start();
        network.run(500);
        String leader = network.leader();
        List<String> commands = proposeOneByOne(network, leader, "c", 200);
        network.run(1_200);
        for (String id : network.ids) {
            assertTrue(network.raft(id).log().base() >= 150, id + " kept its log from " + network.raft(id).log().base());
            // The entries after the snapshot, and the truncation or two an election may leave.
            assertTrue(network.disk(id).records() <= 15, id + " holds " + network.disk(id).records() + " records on disk");
        }
        String follower = aFollower(network);
        network.crashAndRestart(follower);
        network.crashAndRestart(leader);
        network.run(1_000);
        String now = network.leader();
        network.propose(now, "last");
        assertTrue(network.runUntilApplied(now, "last", 500));
        network.run(100);
        List<String> all = new ArrayList<>(commands);
        all.add("last");
        for (String id : network.ids) {
            assertEquals(all, network.node(id).applied, id + ": the snapshot, then the log after it");
        }
        assertTrue(network.raft(leader).log().base() >= 150, "restarted from the snapshot, not from an empty log");
        assertEquals(List.of(), network.violations);
    }

    /**
     * The leader or a follower dies before each write of its first compaction on disk (the
     * next log file, its sync, the snapshot file, the old file's deletion) and just after; it
     * comes back from what it wrote, and no committed entry is lost or applied twice.
     */
    @Test
    void aCrashBetweenAnyTwoWritesOfACompactionLosesNothing() {
        for (String victim : List.of("leader", "follower")) {
            int[] window = compactionWrites(victim);
            List<Integer> points = new ArrayList<>();
            for (int k = window[0]; k <= window[1]; k++) {
                if (k <= window[0] + 3 || k >= window[1] - 4 || k == (window[0] + window[1]) / 2) {
                    points.add(k);
                }
            }
            for (int k : points) {
                String where = victim + ", crash before write " + (k + 1) + " (compaction writes " + window[0] + ".."
                        + window[1] + "), seed " + SEED;
                Network network = new Network(3, SEED).snapshottingOnDisk(5);
                network.start();
                network.run(500);
                String crashing = victimId(network, victim);
                network.crashAfterWrites(crashing, k);
                List<String> commands = proposeOnLeaders(network, 150);
                network.run(1_000);
                String now = network.leader();
                network.propose(now, "last");
                assertTrue(network.runUntilApplied(now, "last", 500), where);
                network.run(100);
                assertEquals(1, network.crashes, "the crash point was reached; " + where);
                for (String id : network.ids) {
                    List<String> applied = network.node(id).applied;
                    assertEquals(applied.size(), new java.util.HashSet<>(applied).size(), id + " applied twice; " + where);
                    assertTrue(applied.containsAll(commands.subList(0, 100)), id + " lost commands; " + where);
                    assertEquals(network.node(now).applied, applied, id + "; " + where);
                }
                assertEquals(List.of(), network.violations, where);
            }
        }
    }

    private static String victimId(Network network, String victim) {
        return victim.equals("leader") ? network.leader() : aFollower(network);
    }

    /** The first node that does not lead. */
    private static String aFollower(Network network) {
        String leader = network.leader();
        return network.ids.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
    }

    /** One command every 10 ms on whichever node leads; returns those proposed. */
    private static List<String> proposeOnLeaders(Network network, int count) {
        List<String> commands = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            for (String id : network.ids) {
                if (network.raft(id).isLeader()) {
                    commands.add("c" + i);
                    network.propose(id, "c" + i);
                    break;
                }
            }
            network.run(10);
        }
        return commands;
    }

    /** The victim's writes, counted from the settled start, just before and after its first compaction. */
    private static int[] compactionWrites(String victim) {
        Network network = new Network(3, SEED).snapshottingOnDisk(5);
        network.start();
        network.run(500);
        String id = victimId(network, victim);
        MemoryDisk disk = network.disk(id);
        int start = disk.writes;
        for (int i = 0; i < 150 && network.raft(id).log().base() == 0; i++) {
            for (String leader : network.ids) {
                if (network.raft(leader).isLeader()) {
                    network.propose(leader, "c" + i);
                    break;
                }
            }
            for (int ms = 0; ms < 10; ms++) {
                int before = disk.writes;
                network.run(1);
                if (network.raft(id).log().base() > 0) {
                    return new int[] {before - start, disk.writes - start};
                }
            }
        }
        throw new AssertionError(victim + " " + id + " never compacted its log");
    }
}
