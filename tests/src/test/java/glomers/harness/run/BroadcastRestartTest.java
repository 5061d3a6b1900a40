package glomers.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Bodies;
import glomers.core.NodeLogic;
import glomers.gossip.SetReplica;
import glomers.harness.check.Validity;
import glomers.harness.cluster.SimBinaries;
import glomers.harness.history.Op;
import glomers.harness.net.Faults;
import glomers.harness.net.LatencyModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broadcast node restarted with nothing answers no read before it has caught up with a peer:
 * no read it answers after a restart misses a value that a read on a node that stayed up had
 * already returned before that restart. A planted node that answers reads at once after a
 * restart does miss them. Many client threads at a low rate, so some are free to read from a
 * node the moment it is back (a thread that sent to the dead node waits out its timeout), and
 * 300 ms of latency, so the planted node's window (until a peer's state arrives, 600 ms or more)
 * is wide enough to be seen.
 *
 * <p>Without a disk, a value is lost when the node that acknowledged it dies before a live peer
 * holds it: the hub within its fan-out window, an edge within a round trip to its relay, or,
 * when its relay died first, before it fails over (the retransmission timeout, 3 s, plus a
 * probe's 1 s). Every lost value here must have been acknowledged by a node that died within
 * {@link #LOSS_WINDOW_NANOS} of acknowledging it.
 *
 * <p>With {@code data=DIR} nothing acknowledged is lost, in broadcast and g-set alike; a planted
 * node that acknowledges without writing the value loses some in the very same runs.
 */
class BroadcastRestartTest {

    static final long LOSS_WINDOW_NANOS = 5_000_000_000L;

    @TempDir
    Path results;

    @BeforeAll
    static void registerPlantedNode() {
        SimBinaries.register("broadcast-reading-at-once", BroadcastRestartTest::readingAtOnce);
        SimBinaries.register("broadcast-acking-before-disk", BroadcastRestartTest::ackingBeforeDisk);
    }

    private RunConfig config(String bin, long seed) {
        return config("broadcast", bin, seed);
    }

    private RunConfig config(String workload, String bin, long seed) {
        return RunConfig.defaults(workload, "maelstrom-bin/" + bin, 5, seed).withMode(RunConfig.Mode.SIM, results)
                .withTimeLimit(20).withRate(20).withConcurrency(50).withNemesisInterval(2)
                .withLatency(new LatencyModel(LatencyModel.Distribution.CONSTANT, 300))
                .withFaults(Faults.NONE, true);
    }

    @Test
    void aRestartedNodeNeverReadsBehindWhatWasReadBeforeItsRestart() {
        int checked = 0;
        for (long seed = 1; seed <= 3; seed++) {
            RunConfig c = config("broadcast", Replay.seed(90 + seed));
            String replay = Replay.how("BroadcastRestartTest#aRestartedNodeNeverReadsBehindWhatWasReadBeforeItsRestart", c);
            RunResult r = Run.execute(c, null);
            assertFalse(r.aborted(), replay);
            assertLostOnlyInsideTheWindow(r, c, replay);
            List<String> behind = new ArrayList<>();
            checked += readsBehind(r, c, behind);
            assertEquals(List.of(), behind, replay);
        }
        assertTrue(checked > 20, "reads on restarted nodes were checked: " + checked);
    }

    @Test
    void aNodeThatReadsAtOnceAfterARestartIsCaught() {
        List<String> behind = new ArrayList<>();
        for (long seed = 1; seed <= 3; seed++) {
            readsBehind(Run.execute(config("broadcast-reading-at-once", Replay.seed(90 + seed)), null),
                    config("broadcast-reading-at-once", 0), behind);
        }
        assertFalse(behind.isEmpty(), "a node answering reads from nothing after a restart was never caught");
    }

    /**
     * With a data directory every acknowledged value survives: valid, nothing lost, and no read
     * after a restart behind one before it. The planted node, which acknowledges before (and
     * without) writing, loses values in the same runs, so the runs do put acknowledged values at
     * risk.
     */
    @Test
    void withADataDirectoryNothingAcknowledgedIsLost() {
        long plantedLost = 0;
        for (long seed = 1; seed <= 3; seed++) {
            String workload = seed == 3 ? "g-set" : "broadcast";
            RunConfig c = config(workload, workload, Replay.seed(90 + seed)).withNodeArgs(List.of("data=wal"));
            String replay = Replay.how("BroadcastRestartTest#withADataDirectoryNothingAcknowledgedIsLost", c);
            RunResult r = Run.execute(c, null);
            assertFalse(r.aborted(), replay);
            assertEquals(Validity.TRUE, r.verdict(), "verdict; " + replay);
            assertEquals(Set.of(), lost(r), "lost; " + replay);
            assertTrue(r.history().ops().stream().anyMatch(op -> !op.isClient() && op.f().equals("kill")),
                    "the crash nemesis ran; " + replay);
            if (workload.equals("broadcast")) {
                List<String> behind = new ArrayList<>();
                readsBehind(r, c, behind);
                assertEquals(List.of(), behind, replay);
                RunConfig planted = config("broadcast-acking-before-disk", c.seed()).withNodeArgs(List.of("data=wal"));
                plantedLost += lost(Run.execute(planted, null)).size();
            }
        }
        assertTrue(plantedLost > 0, "a node acknowledging values it never wrote lost none in the same runs: " + plantedLost);
    }

    private static Set<String> lost(RunResult r) {
        Set<String> lost = new HashSet<>();
        r.checks().stream().filter(check -> check.checker().equals("set-full"))
                .forEach(check -> ((java.util.Collection<?>) check.fields().get("lost"))
                        .forEach(v -> lost.add(v.toString())));
        return lost;
    }

    private static void assertLostOnlyInsideTheWindow(RunResult r, RunConfig c, String replay) {
        Set<String> lost = lost(r);
        List<String> nodes = c.nodes();
        List<Op> ops = r.history().ops();
        for (Op op : ops) {
            if (!op.isClient() || !op.isOk() || !op.f().equals("broadcast") || !lost.contains(op.value().toString())) {
                continue;
            }
            String node = nodes.get((int) (op.process() % c.concurrency() % nodes.size()));
            long killedAfter = ops.stream().filter(k -> !k.isClient() && k.f().equals("kill")
                            && k.value().asText().equals(node) && k.timeNanos() >= op.timeNanos())
                    .mapToLong(k -> k.timeNanos() - op.timeNanos()).min().orElse(Long.MAX_VALUE);
            assertTrue(killedAfter <= LOSS_WINDOW_NANOS, "value " + op.value() + " acknowledged by " + node + " at "
                    + op.timeNanos() / 1_000_000 + " ms was lost, but " + node + " did not die within the window; " + replay);
        }
    }

    /** Adds each read after a restart that misses a value read before it; returns the reads checked. */
    private static int readsBehind(RunResult r, RunConfig c, List<String> behind) {
        List<String> nodes = c.nodes();
        Map<String, Long> lastStart = new HashMap<>();
        Map<String, Long> firstKill = new HashMap<>();
        Map<Long, Op> invocations = new HashMap<>();
        List<Object[]> completed = new ArrayList<>(); // {node, completion time, values}
        int checked = 0;
        for (Op op : r.history().ops()) {
            if (!op.isClient()) {
                String node = op.value() == null ? "" : op.value().asText();
                if (op.f().equals("kill")) {
                    firstKill.putIfAbsent(node, op.timeNanos());
                } else if (op.f().equals("start")) {
                    lastStart.put(node, op.timeNanos());
                }
                continue;
            }
            String node = nodes.get((int) (op.process() % c.concurrency() % nodes.size()));
            if (op.isInvoke()) {
                invocations.put(op.process(), op);
                continue;
            }
            if (!op.isOk() || !op.f().equals("read")) {
                continue;
            }
            Set<String> values = new HashSet<>();
            for (JsonNode v : op.value()) {
                values.add(v.toString());
            }
            Long restartedAt = lastStart.get(node);
            if (restartedAt != null && invocations.get(op.process()).timeNanos() > restartedAt) {
                checked++;
                for (Object[] earlier : completed) {
                    String other = (String) earlier[0];
                    boolean stayedUp = !firstKill.containsKey(other) || firstKill.get(other) > restartedAt;
                    @SuppressWarnings("unchecked")
                    Set<String> seen = (Set<String>) earlier[2];
                    if ((long) earlier[1] < restartedAt && stayedUp && !values.containsAll(seen)) {
                        behind.add(node + " read " + values.size() + " values after its restart at "
                                + restartedAt / 1_000_000 + " ms, missing some of " + other + "'s " + seen.size());
                        break;
                    }
                }
            }
            completed.add(new Object[] {node, op.timeNanos(), values});
        }
        return checked;
    }

    /**
     * Planted: broadcast on the same replica with its data directory, but a value is acknowledged
     * as soon as it is in memory, never written ({@link SetReplica#add} rather than
     * {@link SetReplica#addAndAck}).
     */
    private static NodeLogic ackingBeforeDisk() {
        return (env, handlers) -> {
            SetReplica replica = SetReplica.start(env, handlers);
            assertTrue(replica.durable(), "the planted node runs with its data directory");
            handlers.on("topology", request -> request.reply("topology_ok"))
                    .on("broadcast", request -> {
                        replica.add(request.body().get("message"));
                        request.reply("broadcast_ok");
                    })
                    .on("read", request -> replica.answerRead(request, "messages"));
        };
    }

    /** Planted: broadcast on the same replica, but a read is answered at once, caught up or not. */
    private static NodeLogic readingAtOnce() {
        return (env, handlers) -> {
            SetReplica replica = SetReplica.start(env, handlers);
            handlers.on("topology", request -> request.reply("topology_ok"))
                    .on("broadcast", request -> {
                        replica.add(request.body().get("message"));
                        request.reply("broadcast_ok");
                    })
                    .on("read", request -> {
                        ObjectNode reply = Bodies.of("read_ok");
                        reply.set("messages", replica.valuesAsJsonArray());
                        request.reply(reply);
                    });
        };
    }
}
