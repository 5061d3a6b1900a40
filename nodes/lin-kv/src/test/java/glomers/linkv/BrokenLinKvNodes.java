package glomers.linkv;

import glomers.core.NodeLogic;

/** lin-kv nodes with one deliberate bug each, for the harness's tests of its linearizability checker, and one that snapshots often. */
public final class BrokenLinKvNodes {

    private BrokenLinKvNodes() {
    }

    /** A correct node that snapshots every 50 applied entries: the snapshot paths run often. */
    public static NodeLogic snapshottingOften() {
        return new LinKvNode(LinKvNode.Flaws.NONE, 50);
    }

    /**
     * Snapshots every 50 entries whose log forgets the entries at once, not after the request-id
     * window: a request re-forwarded after its entry was forgotten is appended a second time.
     */
    public static NodeLogic snapshotsForgetAtOnce() {
        return new LinKvNode(new LinKvNode.Flaws(false, false, false, true), 50);
    }

    /** A leader that commits, and so acknowledges, a write no follower holds: a deposed leader's acks are lost. */
    public static NodeLogic leaderCommitsAlone() {
        return new LinKvNode(new LinKvNode.Flaws(true, false, false, false), LinKvNode.SNAPSHOT_EVERY);
    }

    /** Followers answer reads from their own store at once: stale reads. */
    public static NodeLogic followersReadLocally() {
        return new LinKvNode(new LinKvNode.Flaws(false, true, false, false), LinKvNode.SNAPSHOT_EVERY);
    }

    /** A cas whose precondition is checked on the node the client asked, then logged as a plain write: not atomic. */
    public static NodeLogic casCheckedBeforeTheLog() {
        return new LinKvNode(new LinKvNode.Flaws(false, false, true, false), LinKvNode.SNAPSHOT_EVERY);
    }
}
