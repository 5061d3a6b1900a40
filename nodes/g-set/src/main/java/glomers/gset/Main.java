package glomers.gset;

import glomers.core.NodeLogic;
import glomers.core.StdioRuntime;

/** The g-set binary; node arguments choose the replication profile (see {@link glomers.gossip.Profile}). */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        StdioRuntime.run(newLogic(), args);
    }

    /** A fresh node; the simulator builds its nodes here too, so both run the same logic. */
    public static NodeLogic newLogic() {
        return new GSetNode();
    }
}
