package glomers.txn;

import glomers.core.NodeLogic;
import glomers.core.StdioRuntime;

/** The txn binary (Maelstrom's txn-rw-register); node arguments {@code gossip-ms=N}, {@code overlay=hub|mesh}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        StdioRuntime.run(newLogic(), args);
    }

    /** A fresh node; the simulator builds its nodes here too, so both run the same logic. */
    public static NodeLogic newLogic() {
        return new TxnNode();
    }
}
