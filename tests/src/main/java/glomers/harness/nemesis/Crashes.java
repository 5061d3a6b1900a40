package glomers.harness.nemesis;

import com.fasterxml.jackson.databind.node.TextNode;
import glomers.harness.cluster.Crashable;
import java.util.SplittableRandom;

/**
 * {@code --crash}: a node is killed without warning, losing all state but what it synced to
 * disk, and restarts U[0, interval) later with the same id (a fresh process, or fresh logic in
 * the simulator). In the history as "kill" and "start".
 */
public final class Crashes implements NodeNemesis.Fault<Crashable> {

    private final long intervalNanos;

    public Crashes(long intervalNanos) {
        this.intervalNanos = Math.max(1, intervalNanos);
    }

    @Override
    public boolean canStrike(Crashable node) {
        return node.up();
    }

    @Override
    public long strike(Crashable node, SplittableRandom random, NodeNemesis.Recorder record) {
        record.record("kill", TextNode.valueOf(node.id()));
        node.crash();
        return random.nextLong(intervalNanos);
    }

    @Override
    public void recover(Crashable node, NodeNemesis.Recorder record) {
        record.record("start", TextNode.valueOf(node.id()));
        node.restart();
    }
}
