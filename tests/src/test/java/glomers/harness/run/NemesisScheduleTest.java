package glomers.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import glomers.harness.history.Op;
import glomers.harness.nemesis.PartitionShapes;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The partition nemesis's schedule as Maelstrom runs it, seen in a simulated run's history. */
class NemesisScheduleTest {

    @TempDir
    Path results;

    @Test
    void startsAtZeroAlternatesAndStopsAtTheTimeLimit() {
        RunConfig c = RunConfig.defaults("unique-ids", "maelstrom-bin/unique-ids", 5, Replay.seed(41))
                .withTimeLimit(20).withRate(20).withPartitions(1.0, PartitionShapes.SPECS)
                .withMode(RunConfig.Mode.SIM, results);
        RunResult r = Run.execute(c, null);
        String replay = Replay.how("NemesisScheduleTest#startsAtZeroAlternatesAndStopsAtTheTimeLimit", c);
        List<Op> nemesis = r.history().ops().stream().filter(o -> !o.isClient()).toList();
        assertTrue(nemesis.size() >= 10, "interval 1 s over 20 s; " + replay);
        assertEquals(0, nemesis.get(0).timeNanos(), replay);
        for (int i = 0; i < nemesis.size(); i += 2) {
            Op invoke = nemesis.get(i);
            Op complete = nemesis.get(i + 1);
            String expected = (i / 2) % 2 == 0 ? "start-partition" : "stop-partition";
            assertEquals(expected, invoke.f(), replay);
            assertEquals(expected, complete.f(), replay);
            assertEquals(Op.Type.INFO, invoke.type(), replay);
            assertTrue(invoke.timeNanos() < 20_000_000_000L, "nothing at or past the time limit; " + replay);
            if (expected.equals("start-partition")) {
                assertTrue(Set.of("one", "majority", "minority-third", "majorities-ring")
                        .contains(invoke.value().asText()), replay);
                assertEquals("isolated", complete.value().get(0).asText(), replay);
            } else {
                assertEquals("network-healed", complete.value().asText(), replay);
            }
        }
        assertEquals(0, r.exitCode(), replay);
    }
}
