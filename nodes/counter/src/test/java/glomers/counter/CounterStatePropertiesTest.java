package glomers.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.databind.JsonNode;
import glomers.core.Bodies;
import glomers.core.MalformedMessageException;
import glomers.core.Message;
import glomers.core.MessageCodec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The counter's state is a join semilattice, so that gossip may be duplicated, reordered and
 * repeated: merge is commutative, associative and idempotent; every delta, in any order and with
 * duplicates, rebuilds the full state; and a node that restarts empty and re-learns its peers'
 * states never reads below them and never has its new adds hidden.
 */
class CounterStatePropertiesTest {

    private static final String[] NODES = {"n0", "n1", "n2"};

    /** A state built from a list of (node, epoch, delta) adds, deltas −5..9. */
    private static Gen<CounterState> states() {
        return lists().of(integers().between(0, 3 * 3 * 15 - 1)).ofSizeBetween(0, 25).map(codes -> {
            CounterState s = new CounterState();
            for (int code : codes) {
                s.add(new CounterState.Entry(NODES[code % 3], code / 3 % 3 + 1), code / 9 - 5);
            }
            return s;
        });
    }

    private static CounterState join(CounterState a, CounterState b) {
        CounterState j = a.empty();
        j.merge(a);
        j.merge(b);
        return j;
    }

    @Test
    void mergeIsCommutativeAssociativeAndIdempotent() {
        qt().forAll(states(), states(), states()).checkAssert((a, b, c) -> {
            assertEquals(join(a, b), join(b, a), "commutative");
            assertEquals(join(join(a, b), c), join(a, join(b, c)), "associative");
            assertEquals(a, join(a, a), "idempotent");
            assertEquals(join(a, b).value(), join(b, a).value());
        });
    }

    @Test
    void minusIsWhatMergingAddsAndForgetDropsWhatIsCovered() {
        qt().forAll(states(), states()).checkAssert((a, b) -> {
            assertEquals(join(a, b), join(b, a.minus(b)), "b joined with a's delta over b is a joined with b");
            assertTrue(join(a, b).minus(join(a, b)).isEmpty());
            CounterState rest = join(a, b).minus(b.empty());
            rest.forget(a);
            assertEquals(join(a, b).minus(a), rest, "forgetting a leaves what a lacks");
        });
    }

    @Test
    void everyDeltaInAnyOrderWithDuplicatesRebuildsTheFullState() {
        qt().forAll(lists().of(integers().between(0, 3 * 10 - 1)).ofSizeBetween(1, 40), longs().all())
                .checkAssert((adds, seed) -> {
                    CounterState full = new CounterState();
                    List<CounterState> deltas = new ArrayList<>();
                    CounterState sentSoFar = new CounterState();
                    for (int code : adds) {
                        full.add(new CounterState.Entry(NODES[code % 3], 1), code / 3);
                        CounterState delta = full.minus(sentSoFar);
                        sentSoFar.merge(delta);
                        deltas.add(delta);
                    }
                    Random random = new Random(seed);
                    List<CounterState> delivered = new ArrayList<>(deltas);
                    for (int i = 0; i < deltas.size(); i++) {
                        delivered.add(deltas.get(random.nextInt(deltas.size())));
                    }
                    Collections.shuffle(delivered, random);
                    CounterState replica = new CounterState();
                    delivered.forEach(replica::merge);
                    assertEquals(full, replica);
                    assertEquals(full.value(), replica.value());
                });
    }

    /**
     * Three replicas under random adds, gossip and crashes. A crash empties a replica, which
     * starts again under a new epoch and, before it serves a read, merges every peer's state (as
     * the node's start-up sync does). Then: a restarted replica never reads below a replica that
     * stayed up, and once everyone has exchanged everything, the count includes every add made
     * since each replica's last restart.
     */
    @Test
    void aRestartedReplicaNeverReadsBelowItsPeersAndItsNewAddsAreNeverHidden() {
        qt().forAll(lists().of(integers().between(0, 999)).ofSizeBetween(1, 80)).checkAssert(steps -> {
            CounterState[] replicas = {new CounterState(), new CounterState(), new CounterState()};
            long[] epoch = {1, 1, 1};
            long[] addedSinceRestart = new long[3];
            long nextEpoch = 2;
            for (int step : steps) {
                int i = step % 3;
                int j = step / 3 % 3;
                switch (step / 9 % 4) {
                    case 0, 1 -> {
                        long delta = step / 36 % 5;
                        replicas[i].add(new CounterState.Entry(NODES[i], epoch[i]), delta);
                        addedSinceRestart[i] += delta;
                    }
                    case 2 -> replicas[j].merge(replicas[i].minus(replicas[j]));
                    default -> {
                        replicas[i] = new CounterState();
                        epoch[i] = nextEpoch++;
                        addedSinceRestart[i] = 0;
                        for (int peer = 0; peer < 3; peer++) {
                            replicas[i].merge(replicas[peer]);
                        }
                        for (int peer = 0; peer < 3; peer++) {
                            assertTrue(replicas[i].value() >= replicas[peer].value(),
                                    "restarted " + NODES[i] + " reads below " + NODES[peer]);
                        }
                    }
                }
            }
            CounterState all = new CounterState();
            for (CounterState r : replicas) {
                all.merge(r);
            }
            long sinceRestarts = addedSinceRestart[0] + addedSinceRestart[1] + addedSinceRestart[2];
            assertTrue(all.value() >= sinceRestarts, "adds since the last restarts are hidden: " + all);
        });
    }

    /** The planted bug the epochs prevent: one entry per node id, counted again from zero after a restart. */
    @Test
    void withoutEpochsARestartedNodesNewAddsWouldBeHidden() {
        CounterState.Entry sameKeyEveryStart = new CounterState.Entry("n0", 1);
        CounterState peer = new CounterState();
        peer.add(sameKeyEveryStart, 10);
        CounterState restarted = new CounterState();
        restarted.add(sameKeyEveryStart, 4);
        peer.merge(restarted);
        assertEquals(10, peer.value(), "the 4 new adds vanished under the old entry's 10");
        CounterState withEpoch = new CounterState();
        withEpoch.add(new CounterState.Entry("n0", 2), 4);
        peer.merge(withEpoch);
        assertEquals(14, peer.value());
    }

    @Test
    void travelsAsJsonAndRefusesMalformedEntries() {
        qt().forAll(states()).checkAssert(s -> {
            var body = Bodies.of("gossip");
            body.set("v", s.toJson());
            JsonNode round = parse(MessageCodec.encode(new Message("n0", "n1", body))).body().get("v");
            assertEquals(s, CounterState.fromJson(round));
        });
        JsonNode bad = parse("{\"src\":\"n0\",\"dest\":\"n1\",\"body\":{\"type\":\"gossip\","
                + "\"v\":[[\"n0\",1,\"three\",0]]}}").body().get("v");
        assertThrows(IllegalArgumentException.class, () -> CounterState.fromJson(bad));
        JsonNode negative = parse("{\"src\":\"n0\",\"dest\":\"n1\",\"body\":{\"type\":\"gossip\","
                + "\"v\":[[\"n0\",1,-3,0]]}}").body().get("v");
        assertThrows(IllegalArgumentException.class, () -> CounterState.fromJson(negative));
    }

    private static Message parse(String line) {
        try {
            return MessageCodec.parse(line);
        } catch (MalformedMessageException e) {
            throw new AssertionError(line, e);
        }
    }
}
