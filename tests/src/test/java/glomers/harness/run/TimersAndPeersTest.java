package glomers.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Env;
import glomers.core.Handlers;
import glomers.core.NodeLogic;
import glomers.harness.cluster.SimBinaries;
import glomers.harness.net.Faults;
import glomers.harness.net.LatencyModel;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulated nodes that use timers and talk to each other: an echo that first asks its next peer
 * (an RPC with a timeout) and a gossip timer every 100 ms. Exercises timer scheduling, node-to-node
 * latency, faults and crashes, and that all of it replays from the seed.
 */
class TimersAndPeersTest {

    @TempDir
    Path results;

    /** Echo after a round trip to the next peer; gossips "tick" to every peer every 100 ms. */
    static final class PeerEcho implements NodeLogic {
        @Override
        public void onInit(Env env, Handlers handlers) {
            int me = env.nodeIds().indexOf(env.nodeId());
            String next = env.nodeIds().get((me + 1) % env.nodeIds().size());
            handlers.on("tick", r -> { });
            handlers.on("ping", r -> r.reply("pong"));
            handlers.on("echo", r -> {
                ObjectNode ping = JsonNodeFactory.instance.objectNode().put("type", "ping");
                env.rpc(next, ping, 1_000_000_000L, reply -> {
                    ObjectNode ok = JsonNodeFactory.instance.objectNode().put("type", "echo_ok");
                    ok.set("echo", r.body().get("echo"));
                    r.reply(ok);
                });
            });
            env.every(100_000_000L, () -> {
                for (String peer : env.nodeIds()) {
                    if (!peer.equals(env.nodeId())) {
                        env.send(peer, JsonNodeFactory.instance.objectNode().put("type", "tick"));
                    }
                }
            });
        }
    }

    @BeforeAll
    static void register() {
        SimBinaries.register("peer-echo", PeerEcho::new);
    }

    private RunConfig config(long seed) {
        return RunConfig.defaults("echo", "maelstrom-bin/peer-echo", 3, seed).withTimeLimit(10).withRate(50)
                .withMode(RunConfig.Mode.SIM, results);
    }

    @Test
    void timersFireAndPeersAnswerUnderLatency() {
        RunConfig c = config(Replay.seed(31)).withLatency(LatencyModel.parse("constant", 20));
        RunResult r = Run.execute(c, null);
        String replay = Replay.how("TimersAndPeersTest#timersFireAndPeersAnswerUnderLatency", c);
        assertEquals(0, r.exitCode(), r.abortReason() + " " + r.checks() + "; " + replay);
        long invokes = Reports.invocations(r.history().ops());
        // Ticks: 3 nodes × 2 peers × 10 per second over the ~10 s run, plus ping and pong per op.
        long servers = r.facts().servers().msgCount();
        long ticks = servers - 2 * invokes;
        assertTrue(ticks > 550 && ticks < 700, "ticks " + ticks + "; " + replay);
        var p50 = (java.util.Map<?, ?>) ((java.util.Map<?, ?>) Reports.summary(r).get("latency-ms")).get("echo");
        // A 20 ms hop each way, plus head-of-line waits: a client request queues behind a tick the
        // node's delivery thread is already waiting out, as in Maelstrom.
        double median = ((Number) p50.get("p50")).doubleValue();
        assertTrue(median >= 40.0 && median < 60.0, "p50 " + median + "; " + replay);
    }

    @Test
    void faultsAndCrashesReplayFromTheSeed() {
        RunConfig c = config(Replay.seed(32)).withLatency(LatencyModel.parse("uniform", 30))
                .withNemesis(true, Optional.empty()).withFaults(new Faults(0.1, 0.1, 0.3), true);
        RunResult first = Run.execute(c, null);
        RunResult second = Run.execute(c, null);
        String replay = Replay.how("TimersAndPeersTest#faultsAndCrashesReplayFromTheSeed", c);
        assertTrue(first.violations().isEmpty(), first.violations() + "; " + replay);
        assertEquals(first.historyHash(), second.historyHash(), replay);
        assertEquals(first.facts(), second.facts(), replay);
        assertTrue(first.history().ops().stream().anyMatch(o -> "kill".equals(o.f())), replay);
        assertTrue(first.history().ops().stream().anyMatch(o -> o.type() == glomers.harness.history.Op.Type.INFO
                && o.isClient()), "crashes and loss leave some echoes unanswered; " + replay);
    }
}
