package glomers.txn;

import glomers.core.NodeLogic;
import glomers.core.StdioRuntime;

/**
 * The txn binary (Maelstrom's txn-rw-register): {@code mode=available} (the default; node
 * arguments {@code gossip-ms=N}, {@code overlay=hub|mesh}, {@code data=DIR}), or
 * {@code mode=serializable|strict} (glomers.raft.HostSettings' arguments).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        StdioRuntime.run(newLogic(), args);
    }

    /** The txn-list-append binary's logic (nodes/txn-list-append): the same store, with lists. */
    public static NodeLogic newListAppendLogic() {
        return new TxnModes(true);
    }

    /** A fresh node; the simulator builds its nodes here too, so both run the same logic. */
    public static NodeLogic newLogic() {
        return new TxnModes(false);
    }
}
