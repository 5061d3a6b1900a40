package glomers.kafka;

import glomers.core.NodeLogic;

/** Kafka nodes with one deliberate bug each, for the harness's tests of its kafka checker. */
public final class BrokenKafkaNodes {

    private BrokenKafkaNodes() {
    }

    /** A leader that commits, and so acknowledges, an entry no follower holds yet: stale leaders ack too. */
    public static NodeLogic leaderCommitsAlone() {
        return new KafkaNode(new KafkaNode.Flaws(true, false));
    }

    /**
     * Consumer offsets kept by the node that took the commit, in memory, outside the log: a
     * restart forgets them, so they go backwards on that node.
     */
    public static NodeLogic offsetsOutsideTheLog() {
        return new KafkaNode(new KafkaNode.Flaws(false, true));
    }
}
