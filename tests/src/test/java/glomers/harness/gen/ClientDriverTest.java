package glomers.harness.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import glomers.harness.check.Checker;
import glomers.harness.client.ClientIds;
import glomers.harness.client.ReplySchema;
import glomers.harness.cluster.SimNode;
import glomers.harness.history.History;
import glomers.harness.history.Op;
import glomers.harness.net.Faults;
import glomers.harness.net.LatencyModel;
import glomers.harness.net.Network;
import glomers.harness.sched.VirtualScheduler;
import glomers.harness.workload.Workload;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Jepsen's scheduling rules, driven directly against an in-process echo node. */
class ClientDriverTest {

    private static final long SECOND = 1_000_000_000L;

    /** Echo with a final phase of three reads-as-echoes per thread, 100 ms apart. */
    static final class EchoWithFinal implements Workload {
        @Override public String name() { return "echo"; }
        @Override public boolean reusableClients() { return false; }
        @Override public boolean withErrors() { return true; }
        @Override public boolean idempotent(String f) { return false; }
        @Override public ObjectNode requestBody(OpSpec op) {
            ObjectNode b = JsonNodeFactory.instance.objectNode().put("type", "echo");
            b.set("echo", op.value());
            return b;
        }
        @Override public ReplySchema replySchema(String f) { return ReplySchema.of("echo_ok", "echo", ReplySchema.ANY); }
        @Override public JsonNode okValue(OpSpec op, ObjectNode reply) { return reply.get("echo"); }
        @Override public ClientGenerator generator(SplittableRandom random, int concurrency) {
            return thread -> OpSpec.of("echo", TextNode.valueOf("t" + thread));
        }
        @Override public boolean hasFinalPhase() { return true; }
        @Override public FinalGenerator finalGenerator(SplittableRandom random) {
            int[] left = {3, 3, 3, 3};
            return thread -> left[thread]-- > 0
                    ? Optional.of(new FinalGenerator.Step(new OpSpec("echo", TextNode.valueOf("final"), true),
                            100_000_000L))
                    : Optional.empty();
        }
        @Override public List<Checker> checkers() { return List.of(); }
    }

    @Test
    void staggerTimeLimitAndAMultiOpFinalPhase() {
        VirtualScheduler scheduler = new VirtualScheduler();
        Network network = new Network(scheduler, LatencyModel.parse("constant", 0), Faults.NONE, new SplittableRandom(1));
        SimNode node = new SimNode("n0", glomers.echo.Main::newLogic, List.of(), scheduler, network, new SplittableRandom(2));
        network.add("n0", node);
        network.add("c-init", (m, id) -> { });
        network.send(new glomers.core.Message("c-init", "n0", (ObjectNode) JsonNodeFactory.instance.objectNode()
                .put("type", "init").put("node_id", "n0").put("msg_id", 1)
                .set("node_ids", JsonNodeFactory.instance.arrayNode().add("n0"))));
        scheduler.runUntilTime(1);
        History history = new History();
        ClientDriver driver = new ClientDriver(scheduler, network, history, new EchoWithFinal(), List.of("n0"),
                new ClientIds(), 4, 10.0, 10 * SECOND, new SplittableRandom(3), scheduler::nowNanos);
        boolean[] done = {false};
        driver.startMain(() -> driver.startFinal(() -> done[0] = true));
        scheduler.runUntil(() -> done[0], 100 * SECOND);
        assertTrue(done[0]);
        List<Op> ops = history.ops();
        List<Op> main = ops.stream().filter(o -> !o.finalRead()).toList();
        List<Op> fin = ops.stream().filter(Op::finalRead).toList();
        long mainInvokes = main.stream().filter(Op::isInvoke).count();
        assertTrue(mainInvokes > 70 && mainInvokes < 130, "rate 10 for 10 s: " + mainInvokes);
        assertTrue(main.stream().allMatch(o -> o.timeNanos() <= main.get(0).timeNanos() + 10 * SECOND + 1),
                "no op past the cutoff");
        assertEquals(0, main.get(0).timeNanos() - 1, "the first op fires at once");
        assertEquals(2 * 3 * 4, fin.size(), "three final ops on each of four threads, invoked and completed");
        assertTrue(fin.stream().allMatch(o -> !o.isInvoke() || o.timeNanos() >= main.get(main.size() - 1).timeNanos()));
        // Round robin: with zero latency every thread is free, so threads take turns 0, 1, 2, 3, 0, ...
        List<Long> processes = main.stream().filter(Op::isInvoke).limit(8).map(Op::process).toList();
        assertEquals(List.of(0L, 1L, 2L, 3L, 0L, 1L, 2L, 3L), processes);
    }
}
