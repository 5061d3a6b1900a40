package glomers.kafka;

import glomers.core.NodeLogic;
import glomers.core.StdioRuntime;

/** The kafka binary (Maelstrom's kafka workload); node arguments in {@link glomers.raft.HostSettings}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        StdioRuntime.run(newLogic(), args);
    }

    /** A fresh node; the simulator builds its nodes here too, so both run the same logic. */
    public static NodeLogic newLogic() {
        return new KafkaNode();
    }
}
