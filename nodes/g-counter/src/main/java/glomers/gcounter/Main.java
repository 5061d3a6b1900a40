package glomers.gcounter;

import glomers.core.NodeLogic;
import glomers.core.StdioRuntime;
import glomers.counter.CounterKind;
import glomers.counter.CounterNodes;

/** The g-counter binary; node arguments choose the mode (see {@code glomers.counter.CounterSettings}). */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        StdioRuntime.run(newLogic(), args);
    }

    /** A fresh node; the simulator builds its nodes here too, so both run the same logic. */
    public static NodeLogic newLogic() {
        return CounterNodes.newNode(CounterKind.GROW_ONLY);
    }
}
