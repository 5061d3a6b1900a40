package glomers.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every binary through its real launcher under a flood of 100,000 lines, one in ten of them bad
 * ({@link Flood}): it lives, answers every client request once and definitely, sends nothing to
 * the id outside node_ids, and exits when stdin closes; then again with a peer whose messages
 * of every peer type carry fields of the wrong type, which no handler may throw on. {@code run-scripts/bench flood} runs the
 * 1,000,000-line version and prints the figures.
 */
class FloodIT {

    @TempDir
    Path workDir;

    @ParameterizedTest
    @ValueSource(strings = {"echo", "unique-ids", "broadcast", "g-counter", "pn-counter", "g-set", "kafka", "txn"})
    void theNodeLivesAndAnswersEveryRequestDefinitely(String binary) throws Exception {
        Path launcher = Path.of("..", "maelstrom-bin", binary).toAbsolutePath().normalize();
        assumeTrue(Files.isExecutable(launcher), launcher + " is absent; skipping");
        for (boolean peer : List.of(false, true)) {
            check(Flood.run(launcher, workDir, binary, 100_000, List.of(), peer));
        }
    }

    private static void check(Flood.Result r) {
        String why = r + "\nstderr ends with:\n" + r.stderrTail();
        assertTrue(r.aliveAtEnd(), "the node died under the flood; " + why);
        assertEquals(r.requests(), r.answered(), "requests left unanswered; " + why);
        assertEquals(0, r.duplicates(), "a request answered twice; " + why);
        if (!r.peerGarbage()) {
            assertEquals(0, r.indefinite(), "an indefinite answer with nothing in the way; " + why);
        }
        assertEquals(0, r.toOutsider(), "a message to an id outside node_ids; " + why);
        assertFalse(r.outOfMemory(), why);
        assertTrue(r.exitedOnEof(), "the node did not exit when stdin closed; " + why);
        assertEquals(0, r.escapedExceptions(), "a message made a handler, callback or timer throw; " + why);
    }

    /**
     * Issue 23: a broadcast node with peer-key=FILE under 100,000 forged peer messages, every
     * forgery PeerAuthTest plants, among 10,000 client broadcasts: it accepts none (its metrics
     * count every one dropped, no forged value is read, no forged RPC answered), takes the genuine
     * gossip mixed in, and answers every client. The same flood, smaller, fools a node started
     * without the key: the forgeries are ones that would have an effect.
     * {@code run-scripts/bench forged-flood} runs the 1,000,000-message version.
     */
    @org.junit.jupiter.api.Test
    void aNodeWithThePeerKeyAcceptsNoForgedPeerMessage() throws Exception {
        Path launcher = Path.of("..", "maelstrom-bin", "broadcast").toAbsolutePath().normalize();
        assumeTrue(Files.isExecutable(launcher), launcher + " is absent; skipping");
        ForgedPeerFlood.Result r = ForgedPeerFlood.run(launcher, workDir, 100_000, true);
        String why = r + "\nstderr ends with:\n" + r.stderrTail();
        assertEquals(r.forged(), r.dropped(), "dropped-unauthenticated-peer counts every forged message; " + why);
        assertEquals(0, r.forgedRead(), "forged values in the read; " + why);
        assertEquals(0, r.forgedAnswered(), "forged RPCs answered; " + why);
        assertEquals(r.genuine(), r.genuineRead(), "the genuine gossip, signed the same way, is taken; " + why);
        assertTrue(r.passed(), why);
        ForgedPeerFlood.Result keyless = ForgedPeerFlood.run(launcher, workDir, 10_000, false);
        assertTrue(keyless.forgedRead() > 0 && keyless.forgedAnswered() > 0, "without the key the forgeries are taken: "
                + keyless);
    }
}
