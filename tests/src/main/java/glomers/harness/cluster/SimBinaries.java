package glomers.harness.cluster;

import glomers.core.NodeLogic;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Which node logic a simulated run uses for a {@code --bin}: the launcher's basename names the
 * binary, whose Main.newLogic() builds the same logic the real process runs. Add new binaries to
 * {@link #LOGIC}.
 */
public final class SimBinaries {

    private static final Map<String, Supplier<NodeLogic>> LOGIC = new TreeMap<>(Map.of(
            "echo", glomers.echo.Main::newLogic,
            "unique-ids", glomers.uniqueids.Main::newLogic,
            "broadcast", glomers.broadcast.Main::newLogic,
            "g-set", glomers.gset.Main::newLogic,
            "g-counter", glomers.gcounter.Main::newLogic,
            "pn-counter", glomers.pncounter.Main::newLogic,
            "txn", glomers.txn.Main::newLogic,
            "kafka", glomers.kafka.Main::newLogic));

    private SimBinaries() {
    }

    /** Adds or replaces a simulated binary: for new binaries and for tests' deliberately broken nodes. */
    public static synchronized void register(String name, Supplier<NodeLogic> logic) {
        LOGIC.put(name, logic);
    }

    public static synchronized List<String> names() {
        return new ArrayList<>(LOGIC.keySet());
    }

    public static synchronized Supplier<NodeLogic> forBin(Path bin) {
        Path file = bin.getFileName();
        String name = file == null ? "" : file.toString();
        Supplier<NodeLogic> logic = LOGIC.get(name);
        if (logic == null) {
            throw new IllegalArgumentException("no simulated binary named " + name + " (from --bin " + bin
                    + "); valid: " + String.join(", ", names()) + "; any other executable runs with --mode process");
        }
        return logic;
    }
}
