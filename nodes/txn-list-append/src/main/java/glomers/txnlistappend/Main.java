package glomers.txnlistappend;

import glomers.core.NodeLogic;
import glomers.core.StdioRuntime;

/**
 * The txn-list-append binary (Maelstrom's txn-list-append): nodes/txn's serializable store with
 * lists, {@code mode=strict} (the default) or {@code mode=serializable}, and
 * glomers.raft.HostSettings' node arguments.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        StdioRuntime.run(newLogic(), args);
    }

    /** A fresh node; the simulator builds its nodes here too, so both run the same logic. */
    public static NodeLogic newLogic() {
        return glomers.txn.Main.newListAppendLogic();
    }
}
