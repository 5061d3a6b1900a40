package glomers.linkv;

import glomers.core.NodeLogic;
import glomers.core.StdioRuntime;

/** The lin-kv binary (Maelstrom's lin-kv workload); node arguments in {@link glomers.raft.HostSettings}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        StdioRuntime.run(newLogic(), args);
    }

    /** A fresh node; the simulator builds its nodes here too, so both run the same logic. */
    public static NodeLogic newLogic() {
        return new LinKvNode();
    }
}
