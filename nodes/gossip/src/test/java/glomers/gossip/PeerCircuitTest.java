package glomers.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import glomers.gossip.PeerCircuit.State;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The circuit on a clock stepped by hand, with seeded jitter: the same on every run. */
class PeerCircuitTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;

    @Test
    void aTimeoutMakesTheNextGossipAProbeAndItsAnswerClosesTheCircuit() {
        PeerCircuit circuit = circuit();
        assertTrue(circuit.allowsGossip());
        assertFalse(circuit.nextGossipIsProbe(), "a closed circuit sends plain gossip");
        circuit.onTimeout();
        assertEquals(State.HALF_OPEN, circuit.state());
        assertTrue(circuit.nextGossipIsProbe());
        circuit.onGossipSent(0);
        assertFalse(circuit.allowsGossip(), "one probe at a time");
        circuit.poll(500 * MS);
        assertEquals(State.HALF_OPEN, circuit.state(), "the probe still has time");
        circuit.onAcknowledged();
        assertEquals(State.CLOSED, circuit.state());
        assertTrue(circuit.allowsGossip());
    }

    @Test
    void anUnansweredProbeOpensTheCircuitForBackedOffJitteredPeriods() {
        PeerCircuit circuit = circuit();
        long now = 0;
        long longestOpen = 0;
        for (int round = 0; round < 5; round++) {
            if (round == 0) {
                circuit.onTimeout();
            }
            circuit.onGossipSent(now);
            now += SECOND; // the probe's timeout: a second at most
            assertFalse(circuit.poll(now));
            assertEquals(State.OPEN, circuit.state(), "round " + round);
            assertFalse(circuit.allowsGossip(), "an open circuit holds gossip back");
            long opened = now;
            while (!circuit.poll(now)) {
                now += MS;
            }
            long open = now - opened;
            long nominal = Math.min(PeerCircuit.MAX_OPEN_NANOS, PeerCircuit.FIRST_OPEN_NANOS << round);
            assertTrue(open >= nominal && open <= nominal + nominal / 4 + MS,
                    "round " + round + ": open " + open / MS + " ms, nominal " + nominal / MS + " ms plus a quarter");
            longestOpen = Math.max(longestOpen, open);
            assertEquals(State.HALF_OPEN, circuit.state());
            assertTrue(circuit.allowsGossip(), "half-open: the probe may go");
        }
        assertTrue(longestOpen <= PeerCircuit.MAX_OPEN_NANOS * 5 / 4 + MS, "bounded, so a healed link is idle < 6 s");
    }

    @Test
    void aPeerHeardFromHalfOpensAnOpenCircuitAtOnce() {
        PeerCircuit circuit = circuit();
        circuit.onTimeout();
        circuit.onGossipSent(0);
        circuit.poll(SECOND);
        assertEquals(State.OPEN, circuit.state());
        assertTrue(circuit.onHeard(), "heard while open: send the probe now");
        assertEquals(State.HALF_OPEN, circuit.state());
        assertFalse(circuit.onHeard(), "already half-open: nothing more to do");
    }

    @Test
    void anAnswerResetsTheBackoff() {
        PeerCircuit circuit = circuit();
        long now = 0;
        for (int i = 0; i < 3; i++) { // open three times: the period has grown to the maximum
            circuit.onTimeout();
            circuit.onGossipSent(now);
            now += SECOND;
            circuit.poll(now);
            now += PeerCircuit.MAX_OPEN_NANOS * 2;
            circuit.poll(now);
        }
        circuit.onAcknowledged();
        circuit.onTimeout();
        circuit.onGossipSent(now);
        now += SECOND;
        circuit.poll(now);
        long opened = now;
        while (!circuit.poll(now)) {
            now += MS;
        }
        assertTrue(now - opened <= PeerCircuit.FIRST_OPEN_NANOS * 5 / 4 + MS, "back to the first period");
    }

    @Test
    void aProbeWaitsNoLongerThanTheLinksRetransmissionTimeout() {
        PeerCircuit circuit = new PeerCircuit(300 * MS, new SplittableRandom(3));
        circuit.onTimeout();
        circuit.onGossipSent(0);
        circuit.poll(299 * MS);
        assertEquals(State.HALF_OPEN, circuit.state());
        circuit.poll(300 * MS);
        assertEquals(State.OPEN, circuit.state());
    }

    @Test
    void theLinkHoldsGossipBackWhileOpenAndItsProbeCarriesWhatWasInFlight() {
        PeerLink<ValueSet> link = new PeerLink<>("n1", new ValueSet(), SECOND, 4 * SECOND, new SplittableRandom(1));
        link.sent(1, values(1, 2), 0);
        assertTrue(link.takeExpired(2 * SECOND), "expired after its timeout and jitter");
        assertTrue(link.nextGossipIsProbe());
        link.sent(2, link.missing(values(1, 2, 3)), 2 * SECOND); // the probe
        assertFalse(link.mayGossip(), "nothing more until the probe is answered");
        link.probeDue(3 * SECOND);
        assertEquals(State.OPEN, link.circuitState());
        assertFalse(link.answering());
        assertEquals(3, link.missing(values(1, 2, 3)).size(), "nothing counts as on its way to an open circuit");
        long now = 3 * SECOND;
        while (!link.probeDue(now)) {
            now += 10 * MS;
        }
        assertTrue(link.mayGossip(), "half-open after the open period");
        link.sent(3, link.missing(values(1, 2, 3)), now);
        link.acknowledged(3, now + 200 * MS);
        assertTrue(link.answering());
        assertTrue(link.missing(values(1, 2, 3)).isEmpty(), "the answered probe delivered everything");
    }

    private static PeerCircuit circuit() {
        return new PeerCircuit(3 * SECOND, new SplittableRandom(1));
    }

    private static ValueSet values(int... vs) {
        ValueSet set = new ValueSet();
        for (int v : vs) {
            set.add(JsonNodeFactory.instance.numberNode(v));
        }
        return set;
    }
}
