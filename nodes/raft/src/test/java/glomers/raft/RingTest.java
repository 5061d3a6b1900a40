package glomers.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import glomers.core.MessageCodec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The leader's rounds around the ring ({@link Ring}): what they cost, and what happens when a link breaks. */
class RingTest {

    private static final long SEED = 7;

    /** Every message the network is asked to deliver from now on, by type. */
    private static List<String> watch(Network network) {
        List<String> types = new ArrayList<>();
        network.drop(m -> {
            types.add(m.body().path("type").asText());
            return false;
        });
        return types;
    }

    private static Network settled(Network network) {
        network.start();
        network.run(500);
        network.leader();
        return network;
    }

    @Test
    void aRoundIsOneMessagePerHopAndEveryNodeAppliesIt() {
        Network network = settled(new Network(3, SEED).ringRounds());
        String leader = network.leader();
        List<String> types = watch(network);
        for (int i = 0; i < 20; i++) {
            network.raft(leader).propose("c" + i);
            network.run(10);
        }
        network.run(50);
        for (String id : network.ids) {
            assertEquals(20, network.node(id).applied.size(), id + " applied " + network.node(id).applied);
        }
        assertEquals(List.of("ring"), types.stream().distinct().toList(), "only ring messages: " + types);
        // A round every batch gap at most, three hops each.
        assertEquals(0, types.size() % 3, types.size() + " messages");
        assertTrue(types.size() <= 3 * (250 / 5 + 1), types.size() + " messages for 250 ms");
        assertEquals(List.of(), network.violations);
    }

    /**
     * Seven nodes on 1 ms links: a round's seven hops would take 7 ms, longer than the 5 ms batch
     * gap, so the leader never tries the ring (five nodes take exactly the gap, and do).
     */
    @Test
    void whereARoundsHopsTakeLongerThanTheGapTheLeaderKeepsToTheStar() {
        for (int nodes : new int[] {5, 7}) {
            Network network = settled(new Network(nodes, SEED).ringRounds());
            String leader = network.leader();
            List<String> types = watch(network);
            for (int i = 0; i < 10; i++) {
                network.raft(leader).propose("c" + i);
                network.run(10);
            }
            assertEquals(nodes == 5, types.contains("ring"), nodes + " nodes: " + types.stream().distinct().toList());
            assertEquals(List.of(), network.violations);
        }
    }

    @Test
    void aBrokenLinkSendsTheLeaderBackToDirectAppendsAndTheRingComesBackAfterTheHeal() {
        Network network = settled(new Network(3, SEED).ringRounds());
        String leader = network.leader();
        // The hop after the first follower is cut one way: rounds die there.
        String first = network.ids.get((network.ids.indexOf(leader) + 1) % 3);
        String second = network.ids.get((network.ids.indexOf(leader) + 2) % 3);
        List<String> types = new ArrayList<>();
        network.drop(m -> {
            types.add(m.body().path("type").asText());
            return m.src().equals(first) && m.dest().equals(second);
        });
        for (int i = 0; i < 30; i++) {
            network.raft(leader).propose("cut" + i);
            network.run(10);
        }
        network.run(50);
        assertEquals(leader, network.leader(), "the leader kept its place: a star does not need the cut link");
        for (String id : network.ids) {
            assertEquals(30, network.node(id).applied.size(), id + " applied " + network.node(id).applied);
        }
        assertTrue(types.contains("append") && types.contains("append_ok"), "direct appends after the ring broke: " + types);

        network.heal();
        network.run(8_500);
        List<String> after = watch(network);
        network.raft(leader).propose("healed");
        network.run(50);
        for (String id : network.ids) {
            assertTrue(network.node(id).applied.contains("healed"), id);
        }
        assertEquals(List.of("ring"), after.stream().distinct().toList(), "rounds around the ring again: " + after);
        assertEquals(List.of(), network.violations);
    }

    @Test
    void malformedRingItemsAreDroppedAndTheRestStillArrive() throws Exception {
        Network network = settled(new Network(3, SEED).ringRounds());
        String leader = network.leader();
        String follower = network.ids.get((network.ids.indexOf(leader) + 1) % 3);
        int before = network.node(follower).applied.size();
        for (String body : List.of("{\"type\":\"ring\"}", "{\"type\":\"ring\",\"path\":[7],\"seq\":1,\"items\":[]}",
                "{\"type\":\"ring\",\"path\":[],\"seq\":1,\"items\":[1,[\"x\"],[\"c1\",\"" + follower + "\",{}],"
                        + "[\"c1\",\"" + follower + "\",{\"type\":\"append\",\"term\":99}]]}")) {
            network.deliverNow(MessageCodec.parse("{\"src\":\"" + leader + "\",\"dest\":\"" + follower + "\",\"body\":" + body + "}"));
        }
        network.raft(leader).propose("after");
        network.run(50);
        assertTrue(network.node(follower).applied.contains("after"), follower + " applied " + network.node(follower).applied);
        assertEquals(before + 1, network.node(follower).applied.size());
        assertEquals(1, network.raft(follower).term(), "a stranger's item (c1) changed nothing");
        assertEquals(List.of(), network.violations);
    }

    /**
     * With five nodes a follower that passes on another follower's ack to the leader sees a
     * majority (the leader, that follower, itself) holding the round's entry, and commits it as
     * the round passes; an ack of another term says nothing of this leader's log and counts for
     * nothing. The follower is cut off, and fed the round by hand.
     */
    @Test
    void aFollowerCommitsFromTheAcksItPassesOnButNotFromAnotherTermsAcks() throws Exception {
        Network network = settled(new Network(5, SEED).ringRounds());
        String leader = network.leader();
        int at = network.ids.indexOf(leader);
        String first = network.ids.get((at + 1) % 5);
        String second = network.ids.get((at + 2) % 5);
        network.isolate(second);
        network.raft(leader).propose("x");
        network.run(50);
        RaftLog<String> log = network.raft(leader).log();
        int index = log.lastIndex();
        long term = network.raft(leader).term();
        assertTrue(network.node(leader).applied.contains("x"), "the other four committed x");
        int before = network.raft(second).commitIndex();
        assertTrue(before < index, second + " is cut off and has not committed x");
        for (long ackTerm : new long[] {term - 1, term}) {
            String ring = "{\"type\":\"ring\",\"path\":[\"" + network.ids.get((at + 3) % 5) + "\",\"" + network.ids.get((at + 4) % 5)
                    + "\",\"" + leader + "\"],\"seq\":99,\"items\":["
                    + "[\"" + leader + "\",\"" + second + "\",{\"type\":\"append\",\"term\":" + term + ",\"prev_index\":" + before
                    + ",\"prev_term\":" + log.termAt(before) + ",\"entries\":[" + entries(log, before + 1, index) + "],\"commit\":" + before + "}],"
                    + "[\"" + first + "\",\"" + leader + "\",{\"type\":\"append_ok\",\"term\":" + ackTerm + ",\"ok\":true,\"match\":" + index + "}]]}";
            network.deliverNow(MessageCodec.parse("{\"src\":\"" + first + "\",\"dest\":\"" + second + "\",\"body\":" + ring + "}"));
            assertEquals(ackTerm == term ? index : before, network.raft(second).commitIndex(), "with an ack of term " + ackTerm);
        }
        assertTrue(network.node(second).applied.contains("x"));
        assertEquals(List.of(), network.violations);
    }

    /**
     * With five nodes a follower's read ask is confirmed by the followers that answer after it in
     * the same round (with the asker and the leader, a majority): the first follower's read waits
     * only for the round after its ask to bring the index back. The last follower has no one
     * after it, so its ask waits for a read round of its own: a round more.
     */
    @Test
    void aFollowersReadIsConfirmedByTheAnswersAfterItsAskInTheSameRound() {
        Network network = settled(new Network(5, SEED).ringRounds());
        String leader = network.leader();
        int at = network.ids.indexOf(leader);
        String first = network.ids.get((at + 1) % 5);
        String last = network.ids.get((at + 4) % 5);
        for (int ms = 0; ms < 50; ms++) {
            network.raft(leader).propose("w" + ms);
            network.run(1);
        }
        int written = network.raft(leader).log().lastIndex();
        int[] rounds = new int[2];
        int[] index = {-1, -1};
        List<String> reader = List.of(first, last);
        for (int r = 0; r < 2; r++) {
            int which = r;
            network.drop(m -> {
                if (m.src().equals(leader) && m.body().path("type").asText().equals("ring") && index[which] < 0) {
                    rounds[which]++;
                }
                return false;
            });
            network.raft(reader.get(r)).readIndex(i -> index[which] = i);
            // A busy cluster: a round every batch gap, so the ask rides on one.
            for (int ms = 0; ms < 100 && index[which] < 0; ms++) {
                network.raft(leader).propose("busy" + r + "." + ms);
                network.run(1);
            }
            assertTrue(index[which] >= written, reader.get(r) + "'s read got index " + index[which] + ", before the write at " + written);
        }
        // Rounds delivered from the read on, the first of which may have left before it: the ask's
        // round and the answer's, where a read round of its own would take five (the test without
        // the answers-after rule: 5, and 4 for the last follower).
        assertTrue(rounds[0] <= 3, "the first follower's read took " + rounds[0] + " rounds");
        assertTrue(rounds[1] > rounds[0], "the last follower's read took " + rounds[1] + " rounds, the first's " + rounds[0]);
        assertEquals(List.of(), network.violations);
    }

    private static String entries(RaftLog<String> log, int from, int to) {
        StringBuilder json = new StringBuilder();
        for (int i = from; i <= to; i++) {
            json.append(i == from ? "" : ",").append(log.entry(i).toJson(Strings.CODEC));
        }
        return json.toString();
    }

    /** RaftTest's random faults, with rounds around the ring: safety holds, and after the heal all agree. */
    @Test
    void underRandomFaultsSafetyHoldsAndAfterTheHealAllNodesAgree() {
        int ringMessages = 0;
        for (long seed = 1; seed <= 8; seed++) {
            for (int nodes : new int[] {3, 5}) {
                List<String> types = RaftTest.agreeAfterRandomFaults(new Network(nodes, seed).ringRounds().start(), seed,
                        nodes + " nodes, seed " + seed);
                ringMessages += (int) types.stream().filter("ring"::equals).count();
            }
        }
        // Counted only while messages were being dropped: the ring was tried through the faults.
        assertTrue(ringMessages > 500, "the rounds went around the ring: " + ringMessages + " ring messages");
    }
}
