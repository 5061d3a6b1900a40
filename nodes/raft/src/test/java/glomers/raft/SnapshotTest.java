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
 * a follower restarted empty is too; and throughout, the network's safety checks hold.
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
        String behind = network.ids.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
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
        String follower = network.ids.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
        List<String> commands = proposeOneByOne(network, leader, "a", 150);
        network.run(1_100);
        assertTrue(network.raft(leader).log().base() > 0, "the leader has forgotten the start of its log");
        network.crashAndRestart(follower);
        network.run(300);
        assertEquals(leader, network.leader(), "no election: the leader kept its quorum");
        assertEquals(commands, network.node(follower).applied, "the restarted follower has the state again");
        assertEquals(List.of(), network.violations);
    }
}
