package glomers.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import glomers.harness.check.Validity;
import glomers.harness.net.Faults;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23's crash latency bar, on the three seeds of its command that kill the hub while edges
 * send to it (seed 8: n0 dies at 5.27 s, its own clients' last values on its disk, and n1 at
 * 7.23 s; seed 13: n0 down from 3.75 s to 7.80 s but for 10 ms; seed 17: n0 dies at 4.99 s and an
 * edge that restarts meanwhile picks it again): with {@code data=wal} every value is stable
 * within 3 s and the median within 500 ms. Before the edges suspected a silent relay after a few
 * round trips (they waited for the 3 s retransmission timeout and a 1 s probe), and before a
 * restarted node sent its recovered values at once, these runs gave 3,900, 4,165 and 3,307 ms.
 */
class HubFailoverTest {

    static final long MAX_STABLE_MS = 3_000;
    static final long MEDIAN_STABLE_MS = 500;

    @TempDir
    Path results;

    @Test
    void edgesFailOverFromADeadHubWithinTheCrashLatencyBar() {
        for (long seed : new long[] {8, 13, 17}) {
            RunConfig c = RunConfig.defaults("broadcast", "maelstrom-bin/broadcast", 5, Replay.seed(seed))
                    .withMode(RunConfig.Mode.SIM, results).withTimeLimit(20).withRate(50).withNemesisInterval(3)
                    .withFaults(Faults.NONE, true).withNodeArgs(List.of("data=wal"));
            String replay = Replay.how("HubFailoverTest#edgesFailOverFromADeadHubWithinTheCrashLatencyBar", c);
            RunResult r = Run.execute(c, null);
            assertFalse(r.aborted(), replay);
            assertEquals(Validity.TRUE, r.verdict(), "verdict; " + replay);
            assertTrue(r.history().ops().stream().anyMatch(op -> !op.isClient() && op.f().equals("kill")
                    && op.value().asText().equals("n0")), "the hub was killed; " + replay);
            Map<?, ?> stable = stableLatencies(r);
            assertNotNull(stable, "no stable latencies; " + replay);
            long median = at(stable, "0.5");
            long max = at(stable, "1");
            assertTrue(median <= MEDIAN_STABLE_MS, "stable median " + median + " ms; " + replay);
            assertTrue(max <= MAX_STABLE_MS, "stable max " + max + " ms; " + replay);
        }
    }

    private static Map<?, ?> stableLatencies(RunResult r) {
        return r.checks().stream().filter(check -> check.checker().equals("set-full"))
                .map(check -> (Map<?, ?>) check.fields().get("stable-latencies")).findFirst().orElse(null);
    }

    private static long at(Map<?, ?> distribution, String quantile) {
        for (Map.Entry<?, ?> e : distribution.entrySet()) {
            if (e.getKey().toString().equals(quantile)) {
                return ((Number) e.getValue()).longValue();
            }
        }
        throw new AssertionError("no quantile " + quantile + " in " + distribution);
    }
}
