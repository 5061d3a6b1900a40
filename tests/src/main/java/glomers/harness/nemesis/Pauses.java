package glomers.harness.nemesis;

import com.fasterxml.jackson.databind.node.TextNode;
import glomers.harness.cluster.Pausable;
import java.util.SplittableRandom;

/**
 * {@code --pause}: a node stops for U[0.1, 5) s (SIGSTOP and SIGCONT in process mode; frozen
 * timers and inbox in the simulator) and resumes with everything that queued up, as after a
 * long garbage-collection or VM pause. In the history as "pause" and "resume".
 */
public final class Pauses implements NodeNemesis.Fault<Pausable> {

    static final long MIN_NANOS = 100_000_000L;
    static final long MAX_NANOS = 5_000_000_000L;

    @Override
    public boolean canStrike(Pausable node) {
        return node.up() && !node.paused();
    }

    @Override
    public long strike(Pausable node, SplittableRandom random, NodeNemesis.Recorder record) {
        record.record("pause", TextNode.valueOf(node.id()));
        node.pause();
        return random.nextLong(MIN_NANOS, MAX_NANOS);
    }

    @Override
    public void recover(Pausable node, NodeNemesis.Recorder record) {
        if (node.paused()) {
            record.record("resume", TextNode.valueOf(node.id()));
            node.resume();
        }
    }

    @Override
    public void endAll(java.util.List<Pausable> nodes, NodeNemesis.Recorder record) {
        for (Pausable node : nodes) {
            recover(node, record);
        }
    }
}
