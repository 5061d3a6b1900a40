package glomers.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import glomers.core.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ReadIndex on the hand-driven network: a read is confirmed only after a majority answered a
 * heartbeat that left after it, at an index that covers every write committed before it; reads
 * asked together share a round; a leader cut off from the majority never confirms one, and the
 * next leader does; a follower's read gets the leader's index.
 */
class ReadIndexTest {

    private static final long SEED = 11;

    /** What one read heard: the index it was confirmed at. */
    private static final class Read implements Raft.ReadIndexCallback {
        Integer index;

        @Override
        public void confirmed(int at) {
            assertTrue(index == null, "a read hears once");
            index = at;
        }
    }

    private static Network settled(int nodes) {
        Network network = new Network(nodes, SEED);
        network.start();
        network.run(500);
        return network;
    }

    @Test
    void aReadIsConfirmedAtAnIndexCoveringEveryCommittedWrite() {
        Network network = settled(3);
        String leader = network.leader();
        network.raft(leader).proposeAll(List.of("a", "b"));
        assertTrue(network.runUntilApplied(leader, "b", 100));
        int written = network.raft(leader).commitIndex();
        Read read = new Read();
        network.raft(leader).readIndex(read);
        assertEquals(null, read.index, "not before a majority has answered a heartbeat sent after the read");
        network.run(20);
        assertEquals(Integer.valueOf(written), read.index);
        assertEquals(List.of(), network.violations);
    }

    @Test
    void readsAskedTogetherShareOneRoundOfMessages() {
        Network network = settled(5);
        String leader = network.leader();
        List<Integer> rounds = new ArrayList<>();
        network.drop(m -> {
            if (m.body().has("read") && m.body().path("type").asText().equals("append")) {
                rounds.add(m.body().path("read").asInt());
            }
            return false;
        });
        List<Read> reads = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Read read = new Read();
            reads.add(read);
            network.raft(leader).readIndex(read);
        }
        network.run(20);
        for (Read read : reads) {
            assertTrue(read.index != null, "every read confirmed");
        }
        // The first read's round goes out at once to all four (the pacers were idle); the other 49
        // share the next one, at the end of the batch gap, which needs only the two followers of
        // the leader's quorum: the other two are paced at twice the gap, and the round is
        // confirmed before their appends leave. Six appends carry a round for fifty reads.
        assertEquals(List.of(1, 1, 1, 1, 2, 2), rounds);
    }

    @Test
    void aLeaderCutOffFromTheMajorityNeverConfirmsAReadWhichTheNextLeaderThenDoes() {
        Network network = settled(5);
        String old = network.leader();
        network.isolate(old);
        Read read = new Read();
        network.raft(old).readIndex(read);
        network.run(1_000);
        assertFalse(network.raft(old).isLeader(), "check quorum");
        String next = network.leader();
        network.raft(next).proposeAll(List.of("x"));
        network.run(100);
        assertEquals(null, read.index, "never confirmed while cut off");
        network.heal();
        network.run(300);
        assertTrue(read.index != null, "asked again of the new leader once healed");
        assertTrue(read.index >= indexOf(network, next, "x"), "the read index covers x, committed meanwhile: " + read.index);
    }

    @Test
    void aFollowersReadGetsTheLeadersIndexOnItsNextAppend() {
        Network network = settled(3);
        String leader = network.leader();
        String follower = network.ids.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
        network.raft(leader).proposeAll(List.of("a"));
        network.run(2);
        Read read = new Read();
        network.raft(follower).readIndex(read);
        network.run(30);
        assertTrue(read.index != null && read.index >= indexOf(network, leader, "a"),
                "a follower's read index covers a write the leader had appended before: " + read.index);
        assertEquals(List.of(), network.violations);
    }

    /** A restarted follower numbers its reads afresh; the leader answers them, not only numbers above the old ones. */
    @Test
    void aRestartedFollowersReadsAreAnsweredToo() {
        Network network = settled(3);
        String leader = network.leader();
        String follower = network.ids.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
        for (int i = 0; i < 3; i++) {
            Read read = new Read();
            network.raft(follower).readIndex(read);
            network.run(30);
            assertTrue(read.index != null, "read " + i + " before the restart");
        }
        network.crashAndRestart(follower);
        network.run(300);
        Read after = new Read();
        network.raft(follower).readIndex(after);
        network.run(100);
        assertTrue(after.index != null, "the restarted follower's first read is answered");
        assertEquals(List.of(), network.violations);
    }

    private static int indexOf(Network network, String id, String command) {
        RaftLog<String> log = network.raft(id).log();
        for (int i = 1; i <= log.lastIndex(); i++) {
            if (command.equals(log.entry(i).command())) {
                return i;
            }
        }
        throw new AssertionError(command + " is not in " + id + "'s log");
    }

    @Test
    void aNewLeadersReadIndexIsAtLeastItsNoOpEvenBeforeItKnowsWhatCommitted() {
        Network network = settled(3);
        String old = network.leader();
        network.raft(old).proposeAll(List.of("x"));
        network.run(2);
        network.isolate(old);
        String next = null;
        for (int ms = 0; ms < 2_000 && next == null; ms++) {
            network.run(1);
            for (String id : network.ids) {
                if (!id.equals(old) && network.raft(id).isLeader()) {
                    next = id;
                }
            }
        }
        assertTrue(next != null, "a new leader among the other two");
        Raft<String> raft = network.raft(next);
        int noOp = raft.log().lastIndex();
        assertEquals(raft.term(), raft.log().termAt(noOp), "the new leader's last entry is its no-op");
        Read read = new Read();
        raft.readIndex(read);
        network.run(50);
        assertTrue(read.index != null && read.index >= noOp, "read index " + read.index + " below the no-op at " + noOp);
        assertEquals(List.of(), network.violations);
    }

    /**
     * Issue 24, driven by hand: a leader cut off from both followers is kept in office by copies of
     * their last acks, held in the network and delivered again and again (they also satisfy its
     * check quorum), while the two elect a leader of their own and commit x. A read on the deposed
     * leader must not be confirmed by those acks: they echo a round that began before the read's.
     */
    @Test
    void aDeposedLeaderFedDelayedOldAcksNeverConfirmsARead() {
        StaleAcks run = readOnADeposedLeaderFedOldAcks(false);
        assertEquals(null, run.read.index, "confirmed by acks sent before its round began");
    }

    /** The same scenario with the planted bug (any ack of the term counts for every round): the stale read is served. */
    @Test
    void theStaleAckBugConfirmsThatReadBelowTheNewLeadersWrite() {
        StaleAcks run = readOnADeposedLeaderFedOldAcks(true);
        assertTrue(run.read.index != null && run.read.index < run.xIndex,
                "the planted bug serves a read at " + run.read.index + ", before x at " + run.xIndex);
    }

    private record StaleAcks(Read read, int xIndex) {
    }

    private static StaleAcks readOnADeposedLeaderFedOldAcks(boolean flawed) {
        Network network = settled(3);
        String old = network.leader();
        if (flawed) {
            network.raft(old).plantStaleReadAcks();
        }
        Map<String, Message> lastAcks = new HashMap<>();
        network.drop(m -> {
            if (m.dest().equals(old) && m.body().path("type").asText().equals("append_ok")) {
                lastAcks.put(m.src(), m);
            }
            return false;
        });
        Read first = new Read();
        network.raft(old).readIndex(first);
        network.run(30);
        assertTrue(first.index != null, "a read before the cut is confirmed, so the held acks echo its round");
        network.drop(m -> m.src().equals(old) || m.dest().equals(old));
        String next = null;
        for (int ms = 0; ms < 3_000 && next == null; ms += 10) {
            runFeeding(network, lastAcks, 10);
            next = network.ids.stream().filter(id -> !id.equals(old) && network.raft(id).isLeader()).findFirst().orElse(null);
        }
        assertTrue(next != null, "the two followers elect a leader of their own");
        network.raft(next).proposeAll(List.of("x"));
        runFeeding(network, lastAcks, 50);
        assertTrue(network.node(next).applied.contains("x"), "x committed by the new leader");
        Raft<String> deposed = network.raft(old);
        assertTrue(deposed.isLeader() && deposed.term() < network.raft(next).term(), "the old leader still thinks it leads");
        Read read = new Read();
        deposed.readIndex(read);
        runFeeding(network, lastAcks, 100);
        assertTrue(deposed.isLeader(), "still leading, fed the old acks");
        assertEquals(List.of(), network.violations);
        return new StaleAcks(read, indexOf(network, next, "x"));
    }

    /** Steps {@code millis}, delivering the held acks again every 10 ms. */
    private static void runFeeding(Network network, Map<String, Message> held, int millis) {
        for (int ms = 0; ms < millis; ms += 10) {
            held.values().forEach(network::deliverNow);
            network.run(10);
        }
    }
}
