package glomers.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PeerLinkTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void sendsOnlyWhatThePeerLacksAndNothingTwiceOnceAcknowledged() {
        PeerLink<ValueSet> link = link("n1");
        ValueSet mine = values(1, 2, 3);
        link.peerHolds(values(1));
        ValueSet delta = link.missing(mine);
        assertEquals(2, delta.size());
        link.sent(1, delta, 0);
        assertTrue(link.missing(mine).isEmpty(), "in-flight values are not sent again");
        link.acknowledged(1, 10);
        assertTrue(link.missing(mine).isEmpty());
        assertFalse(link.takeExpired(100 * SECOND), "acknowledged gossip is never resent");
    }

    @Test
    void resendsUnacknowledgedGossipWithBackoff() {
        PeerLink<ValueSet> link = link("n1");
        link.sent(1, values(5), 0);
        assertFalse(link.takeExpired(SECOND / 2));
        assertTrue(link.takeExpired(SECOND + SECOND / 4), "due after the timeout and at most a quarter of jitter");
        assertEquals(1, link.missing(values(5)).size(), "expired values are due again");
        link.sent(2, values(5), SECOND);
        assertFalse(link.takeExpired(2 * SECOND + SECOND / 4), "the timeout doubled");
        assertTrue(link.takeExpired(3 * SECOND + SECOND / 2));
    }

    @Test
    void aRestartedPeerIsOwedEverythingAgain() {
        PeerLink<ValueSet> link = link("n1");
        assertFalse(link.epochChanged(11), "the first epoch seen is not a restart");
        link.peerHolds(values(1, 2));
        link.owe(4, 0);
        assertTrue(link.epochChanged(12));
        assertEquals(2, link.missing(values(1, 2)).size());
        assertFalse(link.owesAcks(), "acks owed to the old incarnation are void");
    }

    @Test
    void aPeerThatOutrunsItsAcksIsOwedABoundedNumber() {
        PeerLink<ValueSet> link = link("n1");
        for (int seq = 1; seq <= 3 * PeerLink.MAX_ACKS_OWED; seq++) {
            assertEquals(seq <= PeerLink.MAX_ACKS_OWED, link.owe(seq, seq));
        }
        assertEquals(PeerLink.MAX_ACKS_OWED, link.takeAcks().size(), "the first ones; the peer resends the rest");
        assertTrue(link.owe(99_999, 0), "room again once they are sent");
    }

    @Test
    void aPeerCountsAsBackFromACutOnlyJustAfterItsCircuitClosedAgain() {
        PeerLink<ValueSet> link = link("n1");
        link.sent(1, values(1), 0);
        link.acknowledged(1, SECOND / 2);
        assertFalse(link.reclosedWithin(SECOND, SECOND / 2), "acks on a closed circuit: calm weather");
        link.sent(2, values(2), SECOND);
        assertTrue(link.takeExpired(3 * SECOND), "a timeout half-opens the circuit");
        link.sent(3, link.missing(values(2)), 3 * SECOND); // the probe
        link.acknowledged(3, 3 * SECOND + SECOND / 5);
        assertTrue(link.answering());
        assertTrue(link.reclosedWithin(SECOND, 4 * SECOND), "what it sends just after is what it held back");
        assertFalse(link.reclosedWithin(SECOND, 5 * SECOND), "a second later it is back to its pace");
    }

    @Test
    void aPromptPeerIsSuspectedAfterAFewRoundTripsOthersAfterTheProfilesTimeout() {
        long ms = SECOND / 1000;
        PeerLink<ValueSet> prompt = new PeerLink<>("n0", new ValueSet(), 3 * SECOND, 5 * SECOND, new SplittableRandom(1));
        PeerLink<ValueSet> slow = new PeerLink<>("n0", new ValueSet(), 3 * SECOND, 5 * SECOND, new SplittableRandom(1));
        prompt.expectPromptAcks(true);
        assertEquals(PeerLink.INITIAL_PROMPT_TIMEOUT_NANOS, prompt.promptTimeoutNanos(), "before any round trip");
        for (int seq = 1; seq <= 20; seq++) { // round trips of 100 ms
            long at = seq * SECOND;
            prompt.sent(seq, values(seq), at);
            slow.sent(seq, values(seq), at);
            prompt.acknowledged(seq, at + 100 * ms);
            slow.acknowledged(seq, at + 100 * ms);
        }
        assertEquals(PeerLink.MIN_PROMPT_TIMEOUT_NANOS, prompt.promptTimeoutNanos(), "srtt + 4 rttvar is below the floor");
        long t = 30 * SECOND;
        prompt.sent(21, values(21), t);
        slow.sent(21, values(21), t);
        assertFalse(prompt.takeExpired(t + 400 * ms), "within a few round trips");
        assertTrue(prompt.takeExpired(t + 700 * ms), "the floor and at most a quarter of jitter");
        assertFalse(prompt.answering(), "the timeout half-opened its circuit");
        assertFalse(slow.takeExpired(t + 2 * SECOND), "the profile's timeout");
        assertTrue(slow.answering());
        prompt.expectPromptAcks(false);
        assertEquals(3 * SECOND, prompt.promptTimeoutNanos(), "no longer expected to answer promptly");
    }

    /** Seeded, so the retransmission jitter is the same on every run. */
    private static PeerLink<ValueSet> link(String peer) {
        return new PeerLink<>(peer, new ValueSet(), SECOND, 4 * SECOND, new SplittableRandom(1));
    }

    private static ValueSet values(int... vs) {
        ValueSet set = new ValueSet();
        for (int v : vs) {
            set.add(JsonNodeFactory.instance.numberNode(v));
        }
        return set;
    }
}
