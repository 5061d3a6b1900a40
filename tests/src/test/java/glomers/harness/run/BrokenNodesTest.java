package glomers.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import glomers.core.ErrorCode;
import glomers.core.RpcError;
import glomers.harness.check.CheckResult;
import glomers.harness.check.Validity;
import glomers.harness.cluster.SimBinaries;
import glomers.harness.history.Op;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deliberately broken simulated nodes, to show that the client rules and checkers turn each
 * kind of misbehaviour into the verdict Maelstrom would give.
 */
class BrokenNodesTest {

    @TempDir
    Path results;

    @BeforeAll
    static void registerBrokenBinaries() {
        SimBinaries.register("wrong-echo", () -> (env, handlers) -> handlers.on("echo",
                r -> r.reply(JsonNodeFactory.instance.objectNode().put("type", "echo_ok").put("echo", "nope"))));
        SimBinaries.register("silent-echo", () -> (env, handlers) -> handlers.on("echo", r -> { }));
        SimBinaries.register("refusing-echo", () -> (env, handlers) -> handlers.on("echo", r -> {
            throw new RpcError(ErrorCode.TEMPORARILY_UNAVAILABLE, "busy");
        }));
        SimBinaries.register("chatty-echo", () -> (env, handlers) -> handlers.on("echo",
                r -> r.reply(JsonNodeFactory.instance.objectNode().put("type", "echo_ok")
                        .put("extra", 1).set("echo", r.body().get("echo")))));
        SimBinaries.register("failing-init", () -> (env, handlers) -> {
            throw new RpcError(ErrorCode.NOT_SUPPORTED, "no");
        });
    }

    private RunResult run(String bin, long seed) {
        RunConfig c = RunConfig.defaults("echo", "maelstrom-bin/" + bin, 1, Replay.seed(seed)).withTimeLimit(20)
                .withMode(RunConfig.Mode.SIM, results);
        return Run.execute(c, null);
    }

    private static Validity check(RunResult r, String name) {
        return r.checks().stream().filter(c -> c.checker().equals(name)).map(CheckResult::valid).findFirst()
                .orElseThrow();
    }

    @Test
    void aWrongEchoIsInvalid() {
        RunResult r = run("wrong-echo", 21);
        String replay = Replay.how("BrokenNodesTest#aWrongEchoIsInvalid", r.config());
        assertEquals(1, r.exitCode(), replay);
        assertEquals(Validity.FALSE, check(r, "echo"), replay);
    }

    @Test
    void timeoutsAreInfoAndTheClientIsReplaced() {
        RunResult r = run("silent-echo", 22);
        String replay = Replay.how("BrokenNodesTest#timeoutsAreInfoAndTheClientIsReplaced", r.config());
        assertEquals(1, r.exitCode(), "stats: echo never ok; " + replay);
        assertEquals(Validity.FALSE, check(r, "stats"), replay);
        assertEquals(Validity.TRUE, check(r, "echo"), "info ops are not echo errors; " + replay);
        long infos = r.history().ops().stream().filter(o -> o.type() == Op.Type.INFO).count();
        assertTrue(infos >= 3, "one 5 s timeout after another over 20 s; " + replay);
        assertTrue(r.history().ops().stream().anyMatch(o -> o.isInvoke() && o.process() == 2),
                "after two :info ops thread 0 is process 2; " + replay);
        // init and init_ok, then one unanswered request per op.
        assertEquals(2 + Reports.invocations(r.history().ops()), r.facts().clients().msgCount(), replay);
    }

    @Test
    void aDefiniteErrorFailsTheEcho() {
        RunResult r = run("refusing-echo", 23);
        String replay = Replay.how("BrokenNodesTest#aDefiniteErrorFailsTheEcho", r.config());
        assertEquals(Validity.FALSE, check(r, "echo"), "every :fail echo is an echo error; " + replay);
        assertTrue(r.history().ops().stream().anyMatch(o -> o.type() == Op.Type.FAIL), replay);
    }

    @Test
    void anExtraReplyFieldIsMalformedAndInfo() {
        RunResult r = run("chatty-echo", 24);
        String replay = Replay.how("BrokenNodesTest#anExtraReplyFieldIsMalformedAndInfo", r.config());
        assertTrue(r.history().ops().stream().filter(o -> !o.isInvoke()).allMatch(
                o -> o.type() == Op.Type.INFO && o.error().contains("malformed-rpc-response")), replay);
        assertEquals(1, r.exitCode(), replay);
    }

    @Test
    void aFailedInitAbortsWith255AndNoChecks() {
        RunResult r = run("failing-init", 25);
        String replay = Replay.how("BrokenNodesTest#aFailedInitAbortsWith255AndNoChecks", r.config());
        assertEquals(255, r.exitCode(), replay);
        assertTrue(r.abortReason().contains("n0") && r.abortReason().contains("init"), r.abortReason() + "; " + replay);
        assertTrue(r.checks().isEmpty(), replay);
    }
}
