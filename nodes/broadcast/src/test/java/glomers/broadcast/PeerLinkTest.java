package glomers.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

class PeerLinkTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void sendsOnlyWhatThePeerLacksAndNothingTwiceOnceAcknowledged() {
        PeerLink link = new PeerLink("n1", SECOND, 4 * SECOND);
        ValueSet mine = values(1, 2, 3);
        link.peerHolds(values(1));
        ValueSet delta = link.missing(mine);
        assertEquals(2, delta.size());
        link.sent(1, delta, 0);
        assertTrue(link.missing(mine).isEmpty(), "in-flight values are not sent again");
        link.acknowledged(1, 10);
        assertTrue(link.missing(mine).isEmpty());
        assertTrue(link.takeExpired(100 * SECOND).isEmpty(), "acknowledged gossip is never resent");
    }

    @Test
    void resendsUnacknowledgedGossipWithBackoff() {
        PeerLink link = new PeerLink("n1", SECOND, 4 * SECOND);
        link.sent(1, values(5), 0);
        assertTrue(link.takeExpired(SECOND / 2).isEmpty());
        assertEquals(1, link.takeExpired(SECOND).size());
        assertEquals(1, link.missing(values(5)).size(), "expired values are due again");
        link.sent(2, values(5), SECOND);
        assertTrue(link.takeExpired(2 * SECOND).isEmpty(), "the timeout doubled");
        assertEquals(1, link.takeExpired(3 * SECOND).size());
    }

    @Test
    void aRestartedPeerIsOwedEverythingAgain() {
        PeerLink link = new PeerLink("n1", SECOND, 4 * SECOND);
        assertFalse(link.epochChanged(11), "the first epoch seen is not a restart");
        link.peerHolds(values(1, 2));
        link.owe(4, 0);
        assertTrue(link.epochChanged(12));
        assertEquals(2, link.missing(values(1, 2)).size());
        assertFalse(link.owesAcks(), "acks owed to the old incarnation are void");
    }

    @Test
    void failsOverOnlyWhenGossipWentUnansweredLongEnough() {
        PeerLink link = new PeerLink("n0", SECOND, 4 * SECOND);
        link.sent(1, values(9), 0);
        assertFalse(link.silentFor(2 * SECOND, SECOND));
        assertTrue(link.silentFor(2 * SECOND, 2 * SECOND));
        link.acknowledged(1, 2 * SECOND);
        assertFalse(link.silentFor(2 * SECOND, 5 * SECOND));
    }

    private static ValueSet values(int... vs) {
        ValueSet set = new ValueSet();
        for (int v : vs) {
            set.add(JsonNodeFactory.instance.numberNode(v));
        }
        return set;
    }
}
