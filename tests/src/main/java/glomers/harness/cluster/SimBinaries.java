package glomers.harness.cluster;

import glomers.core.NodeLogic;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Which node logic a simulated run uses for a {@code --bin}: the launcher's basename names the
 * binary, whose Main.newLogic() builds the same logic the real process runs. Add new binaries to
 * {@link #LOGIC}. A user's own logic, from the classpath, is named by class instead
 * ({@link #forNodeClass}, the harness's {@code --node-class}).
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
            "kafka", glomers.kafka.Main::newLogic,
            "lin-kv", glomers.linkv.Main::newLogic,
            "txn-list-append", glomers.txnlistappend.Main::newLogic));

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

    /**
     * A user's node logic by class name, for {@code --node-class}: the class's public static
     * no-argument {@code newLogic()} returning a {@link NodeLogic} (what the project's Mains have),
     * or else, for a class that is itself a {@link NodeLogic}, its public no-argument constructor.
     * Each call of the supplier builds a fresh node, as each simulated node (and each restart)
     * needs its own.
     *
     * @throws IllegalArgumentException naming what is missing and how to put the class on the classpath
     */
    public static Supplier<NodeLogic> forNodeClass(String className) {
        Class<?> type;
        try {
            type = Class.forName(className, false, classLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("--node-class " + className + ": no such class on the classpath ("
                    + e + "); put its jar or classes directory beside the harness: java -cp "
                    + "tests/target/harness.jar:my-node.jar glomers.harness.cli.HarnessMain test ...");
        }
        Method factory = newLogicMethod(type);
        if (factory != null) {
            return () -> NodeLogic.class.cast(construct(className, () -> factory.invoke(null)));
        }
        if (!NodeLogic.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("--node-class " + className + " is not a glomers.core.NodeLogic and "
                    + "has no public static NodeLogic newLogic()");
        }
        if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
            throw new IllegalArgumentException("--node-class " + className + " must be a public, concrete class "
                    + "(or have a public static NodeLogic newLogic())");
        }
        try {
            var constructor = type.getConstructor();
            return () -> NodeLogic.class.cast(construct(className, constructor::newInstance));
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("--node-class " + className + " has neither a public no-argument "
                    + "constructor nor a public static NodeLogic newLogic()");
        }
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : SimBinaries.class.getClassLoader();
    }

    /** {@code public static NodeLogic newLogic()} (or a subtype), or null when the class has none. */
    private static Method newLogicMethod(Class<?> type) {
        try {
            Method m = type.getMethod("newLogic");
            return Modifier.isStatic(m.getModifiers()) && NodeLogic.class.isAssignableFrom(m.getReturnType()) ? m : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    @FunctionalInterface
    private interface Reflective {
        Object call() throws ReflectiveOperationException;
    }

    /** Builds one node; what its constructor or factory throws is reported with the class's name. */
    private static Object construct(String className, Reflective how) {
        try {
            Object logic = how.call();
            if (logic == null) {
                throw new IllegalStateException("--node-class " + className + ": newLogic() returned null");
            }
            return logic;
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("--node-class " + className + ": building a node failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("--node-class " + className + ": cannot build a node", e);
        }
    }
}
