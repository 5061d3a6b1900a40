package glomers.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import glomers.core.Env;
import glomers.core.Handlers;
import glomers.core.NodeLogic;
import glomers.harness.cluster.SimBinaries;
import glomers.harness.run.RunConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --node-class}: a user's NodeLogic from the classpath, run in the simulator. */
class NodeClassOptionTest {

    @TempDir
    Path results;

    /** A node with a public no-argument constructor. */
    public static final class ConstructedEcho implements NodeLogic {
        @Override
        public void onInit(Env env, Handlers handlers) {
            handlers.on("echo", r -> r.reply(r.body().deepCopy().put("type", "echo_ok")));
        }
    }

    /** A Main in the project's style: a static factory, no NodeLogic itself. */
    public static final class FactoryMain {
        private FactoryMain() {
        }

        public static NodeLogic newLogic() {
            return new ConstructedEcho();
        }
    }

    public static final class NotANode {
    }

    public static final class NoUsableConstructor implements NodeLogic {
        public NoUsableConstructor(String unused) {
        }

        @Override
        public void onInit(Env env, Handlers handlers) {
        }
    }

    public static final class FailingConstructor implements NodeLogic {
        public FailingConstructor() {
            throw new IllegalStateException("constructor refuses");
        }

        @Override
        public void onInit(Env env, Handlers handlers) {
        }
    }

    private static String name(Class<?> type) {
        return type.getName();
    }

    private static RunConfig parse(String line) throws Options.BadOptions {
        return Options.parse(line.split(" "));
    }

    private static String refusal(String line) {
        return assertThrows(Options.BadOptions.class, () -> parse(line)).getMessage();
    }

    @Test
    void aConstructorOrAStaticNewLogicBuildsAFreshNodeEachTime() {
        for (Class<?> type : new Class<?>[] {ConstructedEcho.class, FactoryMain.class}) {
            var logic = SimBinaries.forNodeClass(name(type));
            NodeLogic first = logic.get();
            assertTrue(first instanceof ConstructedEcho, type.getName());
            assertTrue(first != logic.get(), "each simulated node needs its own logic");
        }
    }

    @Test
    void theOptionSetsTheClassAndStandsInForBin() throws Exception {
        RunConfig c = parse("test -w echo --node-class " + name(FactoryMain.class) + " --node-count 1");
        assertEquals(Optional.of(name(FactoryMain.class)), c.nodeClass());
        assertEquals(Path.of(name(FactoryMain.class)), c.bin());
        assertEquals(Optional.empty(), parse("test -w echo --bin maelstrom-bin/echo").nodeClass());
    }

    @Test
    void whatIsWrongIsNamed() {
        assertTrue(refusal("test -w echo --node-class com.example.Missing").contains(
                "no such class on the classpath"));
        assertTrue(refusal("test -w echo --node-class com.example.Missing").contains(
                "java -cp tests/target/harness.jar:my-node.jar glomers.harness.cli.HarnessMain"));
        assertTrue(refusal("test -w echo --node-class " + name(NotANode.class)).contains(
                "is not a glomers.core.NodeLogic and has no public static NodeLogic newLogic()"));
        assertTrue(refusal("test -w echo --node-class " + name(NoUsableConstructor.class)).contains(
                "neither a public no-argument constructor nor a public static NodeLogic newLogic()"));
        String failing = refusal("test -w echo --node-class " + name(FailingConstructor.class));
        assertTrue(failing.contains("building a node failed") && failing.contains("constructor refuses"), failing);
        assertTrue(refusal("test -w echo --node-class " + name(ConstructedEcho.class) + " --bin maelstrom-bin/echo")
                .contains("not both"));
        assertTrue(refusal("test -w echo --node-class " + name(ConstructedEcho.class) + " --mode process")
                .contains("sim mode only"));
        assertTrue(refusal("test -w echo").contains("missing --bin"));
    }

    @Test
    void theCommandLineRunsTheUsersNodeToAVerdict() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = ("test -w echo --node-class " + name(ConstructedEcho.class) + " --node-count 2 --time-limit 5 "
                + "--rate 20 --seed 3 --results-dir " + results).split(" ");
        System.setProperty("glomers.report.html", "false");
        int code;
        try {
            code = HarnessMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
        } finally {
            System.clearProperty("glomers.report.html");
        }
        String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed);
        assertTrue(printed.contains("valid"), printed);
    }
}
