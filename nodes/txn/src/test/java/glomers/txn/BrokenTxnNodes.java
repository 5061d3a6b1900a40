package glomers.txn;

import glomers.core.NodeLogic;

/** txn nodes with a deliberate flaw, for the harness's tests of what it checks beyond Maelstrom. */
public final class BrokenTxnNodes {

    private BrokenTxnNodes() {
    }

    /**
     * The mode=available store with its replication left out: each node keeps its own registers
     * and never sends a peer a message. Read committed allows every read it answers (each comes
     * from a committed write), so Maelstrom's rules pass it at 0 servers msgs-per-op; only the
     * harness's convergence check, which reads every key on every node after the run, sees it.
     */
    public static NodeLogic neverReplicates() {
        return new TxnNode(false);
    }

    /**
     * {@link #neverReplicates()}, for the harness's {@code --node-class glomers.txn.BrokenTxnNodes}
     * with this test jar on the classpath after harness.jar.
     */
    public static NodeLogic newLogic() {
        return neverReplicates();
    }
}
