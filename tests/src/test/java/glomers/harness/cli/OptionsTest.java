package glomers.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import glomers.harness.net.LatencyModel;
import glomers.harness.run.RunConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OptionsTest {

    private static RunConfig parse(String line) throws Options.BadOptions {
        return Options.parse(line.split(" "));
    }

    @Test
    void maelstromDefaults() throws Exception {
        RunConfig c = parse("test -w echo --bin maelstrom-bin/echo");
        assertEquals(List.of("n1", "n2", "n3", "n4", "n5"), c.nodes(), "Jepsen's default nodes");
        assertEquals(60, c.timeLimitSeconds());
        assertEquals(5.0, c.rate());
        assertEquals(5, c.concurrency(), "1n");
        assertEquals(new LatencyModel(LatencyModel.Distribution.CONSTANT, 0), c.latency());
        assertEquals(false, c.partitionNemesis());
        assertEquals(10.0, c.nemesisIntervalSeconds());
        assertEquals(Optional.empty(), c.availability());
        assertEquals(RunConfig.Mode.SIM, c.mode());
        assertTrue(c.seed() >= 0);
    }

    @Test
    void challengeTwoFlagsAndNodeArgs() throws Exception {
        RunConfig c = parse("test -w unique-ids --bin maelstrom-bin/unique-ids --time-limit 30 --rate 1000 "
                + "--node-count 3 --availability total --nemesis partition --concurrency 2n --seed 9");
        assertEquals(List.of("n0", "n1", "n2"), c.nodes());
        assertEquals(6, c.concurrency());
        assertEquals(Optional.of("total"), c.availability());
        assertTrue(c.partitionNemesis());
        assertEquals(9, c.seed());
    }

    @Test
    void txnOptionsSurviveTheReplayCommand() throws Exception {
        RunConfig c = parse("test -w txn-rw-register --bin maelstrom-bin/echo --node-count 2 --consistency-models "
                + "read-committed --max-txn-length 2 --max-writes-per-key 5 --key-count 3 --seed 4");
        String replay = glomers.harness.run.Reports.replayCommand(c);
        RunConfig again = parse(replay.substring(replay.indexOf(" test ") + 1));
        assertEquals("read-committed", again.consistencyModels());
        assertEquals(2, again.maxTxnLength());
        assertEquals(5, again.maxWritesPerKey());
        assertEquals(Optional.of(3), again.keyCount());
        assertEquals(c.seed(), again.seed());
    }

    @Test
    void theConvergenceCheckIsOnByDefaultAndItsFlagsSurviveTheReplayCommand() throws Exception {
        RunConfig on = parse("test -w txn-rw-register --bin maelstrom-bin/txn --node-count 2 --seed 4");
        assertTrue(on.convergence());
        assertEquals(RunConfig.DEFAULT_CONVERGENCE_SETTLE_SECONDS, on.convergenceSettleSeconds());
        for (String flags : List.of("--no-convergence", "--convergence-settle 2.5")) {
            RunConfig c = parse("test -w txn-rw-register --bin maelstrom-bin/txn --node-count 2 --seed 4 " + flags);
            String replay = glomers.harness.run.Reports.replayCommand(c);
            RunConfig again = parse(replay.substring(replay.indexOf(" test ") + 1));
            assertEquals(c.convergence(), again.convergence(), replay);
            assertEquals(c.convergenceSettleSeconds(), again.convergenceSettleSeconds(), replay);
        }
        assertEquals(2.5, parse("test -w txn-rw-register --bin maelstrom-bin/txn --convergence-settle 2.5")
                .convergenceSettleSeconds());
        assertTrue(!parse("test -w txn-rw-register --bin maelstrom-bin/txn --no-convergence").convergence());
        assertThrows(Options.BadOptions.class, () -> parse("test -w txn-rw-register --bin maelstrom-bin/txn "
                + "--convergence-settle -1"));
    }

    @Test
    void clockSkewRunsInProcessModeAndSurvivesTheReplayCommand() throws Exception {
        RunConfig c = parse("test -w unique-ids --bin ../maelstrom-bin/unique-ids --mode process --clock-skew "
                + "--node-count 3 --seed 2");
        assertEquals(RunConfig.Mode.PROCESS, c.mode());
        assertTrue(c.clockSkew());
        String replay = glomers.harness.run.Reports.replayCommand(c);
        RunConfig again = parse(replay.substring(replay.indexOf(" test ") + 1));
        assertTrue(again.clockSkew() && again.mode() == RunConfig.Mode.PROCESS, replay);
    }

    @Test
    void wordsThatAreNotOptionsGoToTheNode() throws Exception {
        RunConfig c = parse("test -w echo --bin maelstrom-bin/echo --node-count 1 tuned quiet");
        assertEquals(List.of("tuned", "quiet"), c.nodeArgs());
    }

    @Test
    void badOptionsAreNamedAndExitWith254() {
        Options.BadOptions e = assertThrows(Options.BadOptions.class,
                () -> parse("test -w echo --bin maelstrom-bin/echo --latncy 5"));
        assertTrue(e.getMessage().contains("--latncy"));
        assertTrue(Options.usage().contains("--latency-dist"));
        assertThrows(Options.BadOptions.class, () -> parse("test -w nope --bin maelstrom-bin/echo"));
        assertThrows(Options.BadOptions.class, () -> parse("test -w echo --bin maelstrom-bin/unknown-binary"));
        assertThrows(Options.BadOptions.class, () -> parse("test -w echo --bin maelstrom-bin/echo --concurrency xn"));
        assertEquals(254, HarnessMain.run("test -w echo --bin maelstrom-bin/echo --nemesis kill".split(" ")));
    }

    @Test
    void linKvNeedsAConcurrencyThatIsAMultipleOfTwiceTheNodes() throws Options.BadOptions {
        Options.BadOptions e = assertThrows(Options.BadOptions.class,
                () -> parse("test -w lin-kv --bin maelstrom-bin/echo --node-count 3"));
        assertTrue(e.getMessage().contains("multiple of 2n"), e.getMessage());
        assertThrows(Options.BadOptions.class,
                () -> parse("test -w lin-kv --bin maelstrom-bin/echo --node-count 3 --concurrency 9"));
        assertEquals(12, parse("test -w lin-kv --bin maelstrom-bin/echo --node-count 3 --concurrency 4n").concurrency());
    }

    @Test
    void aZeroMeanOnlyGoesWithConstantLatencyAsInMaelstrom() throws Exception {
        assertEquals(0, parse("test -w echo --bin maelstrom-bin/echo --latency 0").latency().meanMs());
        Options.BadOptions e = assertThrows(Options.BadOptions.class,
                () -> parse("test -w echo --bin maelstrom-bin/echo --latency-dist exponential"));
        assertTrue(e.getMessage().contains("--latency must be positive"), e.getMessage());
        assertThrows(Options.BadOptions.class, () -> parse("test -w echo --bin maelstrom-bin/echo --latency -5"));
        assertEquals(20, parse("test -w echo --bin maelstrom-bin/echo --latency 20 --latency-dist uniform").latency().meanMs());
    }
}
