package glomers.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import glomers.harness.check.CheckResult;
import glomers.harness.cluster.SimBinaries;
import glomers.harness.history.Op;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lin-kv end to end in the simulator before our node exists, on test-only proxies to the
 * harness's lin-kv service ({@link LinKvProxies}): the plain proxy must be linearizable under
 * partitions, with Maelstrom's op mix; the one that serves reads from a cache must be found
 * not linearizable, on the key it broke. Every assertion prints the seed and replay command.
 */
class LinKvSimulationTest {

    @TempDir
    Path results;

    @BeforeAll
    static void registerProxies() {
        SimBinaries.register("sim-lin-kv-proxy", LinKvProxies::proxy);
        SimBinaries.register("sim-lin-kv-cached-reads", LinKvProxies::cachedReads);
        SimBinaries.register("sim-lin-kv-unanswered", () -> LinKvProxies.unanswered(10));
    }

    /** The flags: 3 nodes, --concurrency 2n, rate 100, 20 s. */
    private RunConfig config(String bin, long seed) {
        return RunConfig.defaults("lin-kv", "maelstrom-bin/" + bin, 3, Replay.seed(seed)).withTimeLimit(20)
                .withRate(100).withConcurrency(6).withMode(RunConfig.Mode.SIM, results);
    }

    private static CheckResult linearizable(RunResult r) {
        return r.checks().stream().filter(c -> c.checker().equals("linearizable")).findFirst().orElseThrow();
    }

    private static long count(RunResult r, String f, Op.Type type) {
        return r.history().ops().stream().filter(op -> op.isClient() && op.f().equals(f) && op.type() == type).count();
    }

    @Test
    void aProxyToTheLinKvServiceIsLinearizableUnderPartitions() {
        RunConfig c = config("sim-lin-kv-proxy", 91).withNemesis(true, Optional.empty());
        RunResult r = Run.execute(c, null);
        String replay = Replay.how("LinKvSimulationTest#aProxyToTheLinKvServiceIsLinearizableUnderPartitions", c);
        CheckResult lin = linearizable(r);
        assertEquals(0, r.exitCode(), r.checks() + "; " + replay);
        assertEquals(List.of(), lin.fields().get("failures"), replay);
        assertEquals(1, lin.fields().get("key-count"), "one group of 2n threads, no timeouts: one key; " + replay);
        // Only threads 0..n-1 read; the others write (1/3) or cas (2/3); a cas often fails (22).
        for (Op op : r.history().ops()) {
            if (op.isClient() && op.isInvoke()) {
                assertEquals(op.f().equals("read"), op.process() % 6 < 3, op + "; " + replay);
            }
        }
        long writes = count(r, "write", Op.Type.INVOKE);
        long cas = count(r, "cas", Op.Type.INVOKE);
        assertTrue(cas > 1.5 * writes && cas < 2.5 * writes, "cas twice as often as write: " + cas + " / " + writes
                + "; " + replay);
        assertTrue(count(r, "cas", Op.Type.FAIL) > 0 && count(r, "cas", Op.Type.OK) > 0, replay);
        assertEquals(0, count(r, "cas", Op.Type.INFO) + count(r, "write", Op.Type.INFO),
                "the service is never partitioned, so nothing times out; " + replay);
        System.out.println("proxy under partitions: " + r.history().size() + " ops, " + lin.fields());
    }

    @Test
    void unansweredWritesAreIndefiniteAndRetireKeysButStayLinearizable() {
        RunConfig c = config("sim-lin-kv-unanswered", 93);
        RunResult r = Run.execute(c, null);
        String replay = Replay.how("LinKvSimulationTest#unansweredWritesAreIndefiniteAndRetireKeysButStayLinearizable", c);
        CheckResult lin = linearizable(r);
        long infos = count(r, "write", Op.Type.INFO) + count(r, "cas", Op.Type.INFO);
        assertEquals(0, r.exitCode(), lin.fields() + "; " + replay);
        assertTrue(infos > 20, "one write or cas in five times out, each stalling its thread 1 s: " + infos + "; " + replay);
        // Each :info gives a thread a new process; past 20 processes a key is retired: 6 + 14 per key.
        int keys = (Integer) lin.fields().get("key-count");
        System.out.println("unanswered writes: " + infos + " infos, " + keys + " keys, " + lin.fields().get("analysis-seconds") + " s");
        assertTrue(keys >= infos / 15 && keys <= infos / 15 + 2, keys + " keys for " + infos + " infos; " + replay);
        assertTrue(r.history().ops().stream().filter(op -> op.isClient() && op.isInvoke())
                .map(op -> op.value().get(0).asLong()).distinct().count() == keys, replay);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aProxyThatServesReadsFromACacheIsNotLinearizableOnItsKey() {
        RunConfig c = config("sim-lin-kv-cached-reads", 92);
        RunResult r = Run.execute(c, null);
        String replay = Replay.how("LinKvSimulationTest#aProxyThatServesReadsFromACacheIsNotLinearizableOnItsKey", c);
        CheckResult lin = linearizable(r);
        assertEquals(1, r.exitCode(), r.checks() + "; " + replay);
        assertEquals("[0]", String.valueOf(lin.fields().get("failures")), replay);
        Map<String, Object> key = (Map<String, Object>) ((Map<String, Object>) lin.fields().get("results")).get("0");
        assertTrue(String.valueOf(key.get("op")).contains(" read "), "a read is what cannot be linearized: "
                + key.get("summary") + "; " + replay);
        assertTrue(String.valueOf(key.get("summary")).startsWith("key 0: "), key + "; " + replay);
        System.out.println("cached reads, as the checker explains it: " + key);
    }
}
