package glomers.harness.nemesis;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import glomers.harness.cluster.ClockSkewable;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code --clock-skew}: a node's wall clock is stepped to a new offset from true time, drawn from
 * U[-10, 10] s, so each step goes forwards or back by up to 20 s and nodes disagree by up to
 * 20 s. Offsets last (a restart keeps the host's clock) until the faults end, when every clock
 * is reset. In the history as "clock-step" with the node and its new offset in ms, and
 * "clock-reset".
 */
public final class ClockSteps implements NodeNemesis.Fault<ClockSkewable> {

    static final long MAX_OFFSET_MILLIS = 10_000;

    @Override
    public boolean canStrike(ClockSkewable node) {
        return node.up();
    }

    @Override
    public long strike(ClockSkewable node, SplittableRandom random, NodeNemesis.Recorder record) {
        long offset = random.nextLong(-MAX_OFFSET_MILLIS, MAX_OFFSET_MILLIS + 1);
        record.record("clock-step", JsonNodeFactory.instance.arrayNode().add(node.id()).add(offset));
        node.setClockOffsetMillis(offset);
        return -1;
    }

    @Override
    public void recover(ClockSkewable node, NodeNemesis.Recorder record) {
        throw new IllegalStateException("clock steps last until the faults end");
    }

    @Override
    public void endAll(List<ClockSkewable> nodes, NodeNemesis.Recorder record) {
        record.record("clock-reset", JsonNodeFactory.instance.nullNode());
        for (ClockSkewable node : nodes) {
            node.setClockOffsetMillis(0);
        }
    }
}
