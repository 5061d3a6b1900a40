package glomers.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Raft library on a hand-driven network of three or five nodes (election timeout 100 ms,
 * batch gap 5 ms, 1 ms links): each test sets up one situation Raft must survive and asserts
 * what every node holds after it, and the network checks election and state machine safety
 * throughout.
 */
class RaftTest {

    private static final long SEED = 7;

    /** A started network with a leader, which has committed its no-op on every node. */
    private static Network settled(Network network) {
        network.start();
        network.run(500);
        String leader = network.leader();
        for (String id : network.ids) {
            assertTrue(network.raft(id).commitIndex() >= 1, id + " has not committed the no-op of " + leader);
        }
        return network;
    }

    private static void propose(Network network, String id, String... commands) {
        assertTrue(network.raft(id).isLeader(), id + " does not lead");
        network.raft(id).proposeAll(List.of(commands));
    }

    @Test
    void electsOneLeaderAndReplicatesInOrderToEveryNode() {
        Network network = settled(new Network(3, SEED));
        String leader = network.leader();
        propose(network, leader, "a", "b");
        propose(network, leader, "c");
        network.run(100);
        for (String id : network.ids) {
            assertEquals(List.of("a", "b", "c"), network.node(id).applied, id);
            assertEquals(leader, network.raft(id).leader(), id);
            assertEquals(network.node(leader).logEntries(), network.node(id).logEntries(), id);
        }
        assertEquals(List.of(), network.violations);
    }

    @Test
    void aLeaderCutOffStepsDownAndTheOthersElectANewOneInAHigherTerm() {
        Network network = settled(new Network(5, SEED));
        String old = network.leader();
        long oldTerm = network.raft(old).term();
        network.isolate(old);
        network.run(1_000);
        assertFalse(network.raft(old).isLeader(), "check quorum: a leader that hears no majority steps down");
        assertEquals(oldTerm, network.raft(old).term(), "pre-vote: the cut-off node's term does not grow");
        String next = network.ids.stream().filter(id -> !id.equals(old) && network.raft(id).isLeader()).findFirst()
                .orElseThrow(() -> new AssertionError("no new leader among the connected four"));
        assertTrue(network.raft(next).term() > oldTerm);
        propose(network, next, "x");
        network.run(100);
        network.heal();
        network.run(500);
        assertEquals(next, network.leader(), "stickiness: the returning node does not unseat the leader");
        for (String id : network.ids) {
            assertEquals(List.of("x"), network.node(id).applied, id);
        }
        assertEquals(List.of(), network.violations);
    }

    @Test
    void aNodeThatStopsHearingTheLeaderCannotUnseatItWhileTheOthersStillHearIt() {
        Network network = settled(new Network(3, SEED));
        String leader = network.leader();
        long term = network.raft(leader).term();
        String deaf = network.ids.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
        // Only the leader's messages to one follower are lost: that follower times out and asks
        // the third node, which hears the leader and so refuses (leader stickiness).
        network.drop(m -> m.src().equals(leader) && m.dest().equals(deaf));
        network.run(2_000);
        assertEquals(leader, network.leader());
        assertEquals(term, network.raft(leader).term(), "no election disturbed the leader");
        assertEquals(List.of(), network.violations);
    }

    /**
     * The leader is cut off with an entry only it holds; the others elect a leader that commits
     * other entries at that index. Returns the network after the heal, for the two tests below.
     */
    private static Network deposedLeaderWithAnEntryOfItsOwn(Network network) {
        String old = network.leader();
        network.isolate(old);
        propose(network, old, "lost");
        network.run(1_000);
        String next = network.ids.stream().filter(id -> !id.equals(old) && network.raft(id).isLeader()).findFirst()
                .orElseThrow(() -> new AssertionError("no new leader among the connected nodes"));
        propose(network, next, "kept1", "kept2");
        network.run(100);
        network.heal();
        network.run(500);
        return network;
    }

    @Test
    void aDeposedLeaderNeverCommitsInItsOldTermAndItsEntryIsReplaced() {
        Network network = deposedLeaderWithAnEntryOfItsOwn(settled(new Network(5, SEED)));
        for (String id : network.ids) {
            assertFalse(network.node(id).applied.contains("lost"), id + " applied an entry no majority held");
            assertEquals(List.of("kept1", "kept2"), network.node(id).applied, id);
        }
        assertTrue(network.ids.stream().anyMatch(id -> network.node(id).truncated.contains("lost")),
                "the deposed leader's entry was replaced on it");
        assertEquals(List.of(), network.violations);
    }

    @Test
    void theSameSituationWithALeaderThatCommitsAloneBreaksSafety() {
        // The network's safety checks can fail: the planted bug commits "lost" in the old term.
        Network network = new Network(5, SEED);
        for (String id : List.of("n0", "n1", "n2", "n3", "n4")) {
            network.flawed(id);
        }
        deposedLeaderWithAnEntryOfItsOwn(settled(network));
        assertTrue(network.violations.stream().anyMatch(v -> v.contains("committed as")), network.violations::toString);
    }

    @Test
    void aDivergentFollowerHasItsLogRepairedToTheLeaders() {
        Network network = settled(new Network(3, SEED));
        String old = network.leader();
        // The old leader appends a run of entries no one else gets, while the others go on without it.
        network.isolate(old);
        propose(network, old, "s1", "s2", "s3");
        network.run(1_000);
        String next = network.leader();
        assertNotEquals(old, next, "the cut-off leader stepped down");
        for (int i = 0; i < 50; i++) {
            propose(network, next, "w" + i);
            network.run(3);
        }
        network.heal();
        network.run(500);
        List<String> leaderLog = network.node(next).logEntries();
        for (String id : network.ids) {
            assertEquals(leaderLog, network.node(id).logEntries(), id + "'s log");
        }
        assertEquals(List.of("s1", "s2", "s3"), network.node(old).truncated);
        assertEquals(List.of(), network.violations);
    }

    @Test
    void aDuplicatedAckIsCountedOnce() {
        Network network = settled(new Network(5, SEED));
        String leader = network.leader();
        String follower = network.ids.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
        for (String id : network.ids) {
            if (!id.equals(leader) && !id.equals(follower)) {
                network.isolate(id);
            }
        }
        // One follower's every ack arrives five times: were acks counted, not followers, that
        // would be a majority of five.
        network.duplicate(m -> m.src().equals(follower) && m.type().equals("append_ok"), 5);
        int before = network.raft(leader).commitIndex();
        propose(network, leader, "x");
        network.run(50);
        assertEquals(before + 1, network.raft(follower).log().lastIndex(), "the follower holds x");
        assertEquals(before, network.raft(leader).commitIndex(), "two of five nodes hold x: not committed");
        network.heal();
        assertTrue(network.runUntilApplied(leader, "x", 200), "x commits once a majority holds it");
        assertEquals(List.of(), network.violations);
    }

    @Test
    void nodesCrashedAndRestartedFromTheirDisksKeepEveryCommittedEntry() {
        Network network = settled(new Network(3, SEED));
        String leader = network.leader();
        propose(network, leader, "a", "b");
        network.run(100);
        long term = network.raft(leader).term();
        // The leader crashes with an entry it may not have synced; then everyone does.
        propose(network, leader, "c");
        network.crashAndRestart(leader);
        network.run(500);
        for (String id : network.ids) {
            network.crashAndRestart(id);
        }
        for (String id : network.ids) {
            assertTrue(network.raft(id).term() >= term, id + " forgot its term");
        }
        network.run(1_000);
        String now = network.leader();
        propose(network, now, "d");
        network.run(100);
        for (String id : network.ids) {
            List<String> applied = network.node(id).applied;
            assertTrue(applied.size() >= 3 && applied.subList(0, 2).equals(List.of("a", "b"))
                    && applied.get(applied.size() - 1).equals("d"), id + " applied " + applied);
        }
        assertEquals(List.of(), network.violations);
    }

    /**
     * Random cuts, dropped and duplicated messages and crashes for 5 s on five nodes, commands
     * proposed to whoever leads; then the network heals. Safety must hold throughout, and after the
     * heal every node applies the same commands in the same order, the last one included.
     */
    @Test
    void underRandomFaultsSafetyHoldsAndAfterTheHealAllNodesAgree() {
        for (long seed = 1; seed <= 8; seed++) {
            agreeAfterRandomFaults(new Network(5, seed).start(), seed, "seed " + seed);
        }
    }

    /**
     * The random faults on a started network, then the heal: safety held and every node applied
     * the same commands, the last one included. Returns the types of the messages sent while
     * some were being dropped.
     */
    static List<String> agreeAfterRandomFaults(Network network, long seed, String replay) {
        int nodes = network.ids.size();
        SplittableRandom random = new SplittableRandom(seed);
        List<String> types = new java.util.ArrayList<>();
        int proposed = 0;
        for (int step = 0; step < 100; step++) {
            switch (random.nextInt(6)) {
                case 0 -> network.isolate(network.ids.get(random.nextInt(nodes)));
                case 1 -> network.heal();
                case 2 -> network.crashAndRestart(network.ids.get(random.nextInt(nodes)));
                case 3 -> network.drop(m -> {
                    types.add(m.body().path("type").asText());
                    return random.nextInt(4) == 0;
                });
                case 4 -> network.duplicate(m -> random.nextInt(4) == 0, 2);
                default -> { }
            }
            for (String id : network.ids) {
                if (network.raft(id).isLeader()) {
                    network.raft(id).propose("c" + proposed++);
                }
            }
            network.run(50);
        }
        network.heal();
        network.run(1_000);
        String leader = network.leader();
        network.raft(leader).propose("last");
        assertTrue(network.runUntilApplied(leader, "last", 500), replay);
        network.run(200);
        List<String> applied = network.node(leader).applied;
        for (String id : network.ids) {
            List<String> mine = network.node(id).applied;
            assertEquals(network.node(leader).logEntries(), network.node(id).logEntries(), id + ", " + replay);
            assertEquals("last", mine.get(mine.size() - 1), id + ", " + replay);
        }
        assertTrue(applied.size() > 10, replay + " committed only " + applied);
        assertEquals(List.of(), network.violations, replay);
        return types;
    }

    /**
     * A crash between any two writes: for each k, one node dies just before its (k+1)th write
     * to its disk (an entry, a truncation, a sync, or its term and vote) while the leader takes
     * commands and, midway, is cut off for a new election; the node restarts from what it wrote.
     * Safety must hold in every run, and after the heal all nodes must agree.
     */
    @Test
    void aCrashBetweenAnyTwoWritesLosesNothingCommitted() {
        for (String victim : List.of("leader", "follower")) {
            for (int k = 0; k < 40; k++) {
                Network network = settled(new Network(3, SEED + k));
                String leader = network.leader();
                String crashing = victim.equals("leader") ? leader
                        : network.ids.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
                String where = victim + " " + crashing + ", crash before write " + (k + 1) + ", " + network.replay();
                network.crashAfterWrites(crashing, k);
                for (int batch = 0; batch < 30; batch++) {
                    if (batch == 10) {
                        network.isolate(leader);
                    } else if (batch == 20) {
                        network.heal();
                    }
                    for (String id : network.ids) {
                        if (network.raft(id).isLeader()) {
                            network.propose(id, "b" + batch + "x", "b" + batch + "y");
                        }
                    }
                    network.run(40);
                }
                network.heal();
                network.run(1_000);
                String now = network.leader();
                network.propose(now, "last");
                assertTrue(network.runUntilApplied(now, "last", 500), where);
                network.run(100);
                for (String id : network.ids) {
                    assertEquals(network.node(now).logEntries(), network.node(id).logEntries(), id + "; " + where);
                }
                assertEquals(1, network.crashes, "the crash point was reached; " + where);
                assertEquals(List.of(), network.violations, where);
            }
        }
    }

    /**
     * A leader stalled longer than it waits for answers wakes to a due tick before it reads what
     * waited: it stays leader, rather than stepping down for want of answers to messages it
     * could not send (the stall found in a CI run: a lin-kv leader stalled 530 ms on a busy
     * machine, stepped down, and left a cas indefinite).
     */
    @Test
    void aLeaderStalledWhileItsFollowersAnsweredStaysLeader() {
        Network network = settled(new Network(3, SEED));
        String leader = network.leader();
        long term = network.raft(leader).term();
        network.propose(leader, "before");
        network.run(20);
        // Longer than the leader waits for answers (100 ms), shorter than the followers wait for
        // it (100 to 200 ms from its last append; on this seed, longer than 120).
        network.stall(leader, 120);
        network.run(130);
        assertTrue(network.raft(leader).isLeader(), "the stalled leader stepped down");
        network.propose(leader, "after");
        assertTrue(network.runUntilApplied(leader, "after", 200));
        assertEquals(term, network.raft(leader).term());
        assertEquals(List.of(), network.violations);
    }
}
