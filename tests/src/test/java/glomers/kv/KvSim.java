package glomers.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Env;
import glomers.core.Message;
import glomers.core.NodeLogic;
import glomers.harness.cluster.SimNode;
import glomers.harness.net.Faults;
import glomers.harness.net.LatencyModel;
import glomers.harness.net.Network;
import glomers.harness.sched.VirtualScheduler;
import glomers.harness.service.Services;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Simulated nodes beside the harness's real services, on virtual time, each running a scripted
 * logic: {@link #on} hands a step to a node, which runs it on its own loop (delivered as a
 * one-way client message, so the timers it sets are armed as for any request). Each node also
 * answers {@code read} with a broadcast node's {@code read_ok {messages}}, a reply no KV client
 * expects. One seed fixes the services' random choices and the nodes' randomness.
 */
final class KvSim {

    static final long MS = 1_000_000L;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** A result and the virtual time at which the node got it. */
    record Seen<T>(String node, long atNanos, KvResult<T> result) {
    }

    final VirtualScheduler scheduler = new VirtualScheduler();
    final Network network;
    private final Map<String, SimNode> nodes = new LinkedHashMap<>();
    private final Map<String, Queue<Consumer<Env>>> steps = new LinkedHashMap<>();
    private final List<ObjectNode> initReplies = new ArrayList<>();

    /** Nodes n0..n(count-1); services and network get {@code latencyMs} of constant latency each way. */
    KvSim(long seed, int nodeCount, long latencyMs) {
        SplittableRandom root = new SplittableRandom(seed);
        network = new Network(scheduler, LatencyModel.parse("constant", latencyMs), Faults.NONE, root.split());
        Services.start(network, root.split());
        network.add("c0", (m, id) -> initReplies.add(m.body()));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++) {
            ids.add("n" + i);
        }
        for (String id : ids) {
            Queue<Consumer<Env>> queue = new ArrayDeque<>();
            steps.put(id, queue);
            NodeLogic logic = (env, handlers) -> handlers
                    .on("step", request -> queue.remove().accept(env))
                    // A node that is no KV store: it answers read as a broadcast node would.
                    .on("read", request -> request.reply(JSON.objectNode().put("type", "read_ok")
                            .set("messages", JSON.arrayNode().add(1))));
            SimNode node = new SimNode(id, () -> logic, List.of(), scheduler, network, root.split());
            nodes.put(id, node);
            network.add(id, node);
        }
        for (String id : ids) {
            ObjectNode init = JSON.objectNode().put("type", "init").put("msg_id", 1).put("node_id", id);
            ids.forEach(init.putArray("node_ids")::add);
            network.send(new Message("c0", id, init));
        }
        scheduler.runUntilTime(scheduler.nowNanos() + MS);
        assertEquals(nodeCount, initReplies.stream().filter(b -> "init_ok".equals(b.path("type").asText())).count(),
                "init replies: " + initReplies);
    }

    /** Runs {@code step} on node {@code id} now (client messages have no latency). */
    KvSim on(String id, Consumer<Env> step) {
        steps.get(id).add(step);
        network.send(new Message("c1", id, JSON.objectNode().put("type", "step")));
        scheduler.runUntilTime(scheduler.nowNanos());
        return this;
    }

    /** Advances virtual time by {@code nanos}, running everything due on the way. */
    KvSim runFor(long nanos) {
        scheduler.runUntilTime(scheduler.nowNanos() + nanos);
        return this;
    }

    long nowNanos() {
        return scheduler.nowNanos();
    }

    /** A callback that records what node {@code id} got, and when. */
    <T> KvCallback<T> into(String id, List<Seen<T>> seen) {
        return r -> seen.add(new Seen<>(id, scheduler.nowNanos(), r));
    }

    String stderr(String id) {
        return nodes.get(id).stderr();
    }
}
