package glomers.harness.nemesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import glomers.harness.history.History;
import glomers.harness.history.Op;
import glomers.harness.net.Network;
import glomers.harness.sched.Scheduler;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Maelstrom's only fault, {@code --nemesis partition}: start-partition at t = 0, then heal and
 * start alternately after gaps U[0, 2·interval); nothing past the time limit. Each start picks
 * one of four shapes uniformly and adds its grudges; a stop heals everything.
 */
public final class PartitionNemesis {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Scheduler scheduler;
    private final Network network;
    private final History history;
    private final List<String> nodes;
    private final SplittableRandom random;
    private final long intervalNanos;
    private final List<String> shapes;
    private final java.util.function.LongSupplier runTime;
    private boolean partitioned;
    private boolean stopped;

    public PartitionNemesis(Scheduler scheduler, Network network, History history, List<String> nodes,
                            SplittableRandom random, long intervalNanos, List<String> shapes,
                            java.util.function.LongSupplier runTime) {
        this.shapes = List.copyOf(shapes);
        this.runTime = runTime;
        this.scheduler = scheduler;
        this.network = network;
        this.history = history;
        this.nodes = List.copyOf(nodes);
        this.random = random;
        this.intervalNanos = intervalNanos;
    }

    /** Schedules the alternation from now until {@code cutoffNanos}. */
    public void start(long cutoffNanos) {
        step(scheduler.nowNanos(), cutoffNanos);
    }

    private void step(long atNanos, long cutoffNanos) {
        if (atNanos >= cutoffNanos) { // as Jepsen's time-limit: nothing at or after the cutoff
            return;
        }
        scheduler.at(atNanos, () -> {
            if (stopped) {
                return;
            }
            if (partitioned) {
                heal();
            } else {
                partition();
            }
            long gap = random.nextLong(Math.max(1, 2 * intervalNanos));
            step(scheduler.nowNanos() + gap, cutoffNanos);
        });
    }

    private void partition() {
        String spec = shapes.get(random.nextInt(shapes.size()));
        long now = runTime.getAsLong();
        history.add(Op.NEMESIS, Op.Type.INFO, "start-partition", TextNode.valueOf(spec), now, false, null);
        Map<String, Set<String>> grudge = PartitionShapes.grudge(spec, nodes, random);
        ObjectNode rendered = JSON.objectNode();
        grudge.forEach((dest, srcs) -> {
            network.drop(dest, srcs);
            ArrayNode list = rendered.putArray(dest);
            srcs.forEach(list::add);
        });
        ArrayNode value = JSON.arrayNode().add("isolated");
        value.add(rendered);
        history.add(Op.NEMESIS, Op.Type.INFO, "start-partition", value, now, false, null);
        partitioned = true;
    }

    private void heal() {
        long now = runTime.getAsLong();
        history.add(Op.NEMESIS, Op.Type.INFO, "stop-partition", JSON.nullNode(), now, false, null);
        network.heal();
        JsonNode healed = TextNode.valueOf("network-healed");
        history.add(Op.NEMESIS, Op.Type.INFO, "stop-partition", healed, now, false, null);
        partitioned = false;
    }

    /** Ends the schedule; before a final phase, also heals (Maelstrom's stop-partition). */
    public void stop(boolean heal) {
        stopped = true;
        if (heal) {
            heal();
        }
    }
}
