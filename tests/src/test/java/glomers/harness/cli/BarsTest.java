package glomers.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BarsTest {

    @TempDir
    Path dir;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(BarsTest.class.getResource("/maelstrom-results/" + name).toURI());
    }

    @Test
    void realMaelstromResultsGiveTheSameFiguresItPrinted() throws Exception {
        Bars.Figures gset = Bars.read(resource("gset-demo-js/results.edn.gz"));
        assertEquals(new Bars.Figures("valid", 1.0, 0.017955111, 3317.0, 9904.0, 0.0, null, true), gset);
        Bars.Figures kafka = Bars.read(resource("kafka-peerA-5b/results.edn.gz"));
        assertEquals("valid", kafka.verdict());
        assertEquals(0.9994627, kafka.okFraction());
        assertEquals(12.209379, kafka.serversMsgsPerOp());
        assertNull(kafka.stableMedian(), "kafka has no stable latencies");

        StringBuilder line = new StringBuilder();
        assertEquals(1, Bars.report(Bars.parse("valid availability>=0.999 srv-msgs-per-op<=1.0"), kafka, line));
        assertEquals("valid met  availability 0.9995 met >= 0.999  srv-msgs-per-op 12.2094 MISSED <= 1", line.toString());
        // Maelstrom has no convergence check: the harness's bar is named, not failed.
        StringBuilder converged = new StringBuilder();
        assertEquals(0, Bars.report(Bars.parse("valid converged"), gset, converged));
        assertEquals("valid met  converged not checked (real Maelstrom has no convergence check)", converged.toString());
    }

    @Test
    void theConvergedBarReadsTheHarnesssConvergenceCheck() throws IOException {
        Path file = dir.resolve("result.json");
        Files.writeString(file, "{\"verdict\":\"valid\",\"ok-fraction\":1.0,\"net\":{\"servers\":{\"msgs-per-op\":0.0}},"
                + "\"checks\":[],\"convergence\":{\"converged\":false,\"summary\":\"FAILED\"}}");
        Bars.Figures f = Bars.read(file);
        assertEquals(Boolean.FALSE, f.converged());
        StringBuilder line = new StringBuilder();
        assertEquals(1, Bars.report(Bars.parse("valid converged"), f, line));
        assertEquals("valid met  NOT converged MISSED", line.toString());
        StringBuilder met = new StringBuilder();
        assertEquals(0, Bars.report(Bars.parse("converged"), new Bars.Figures("valid", 1.0, 0.0, null, null, 0.0, true,
                false), met));
        assertEquals("converged met", met.toString());
        StringBuilder absent = new StringBuilder();
        assertEquals(2, Bars.report(Bars.parse("converged"), new Bars.Figures("valid", 1.0, 0.0, null, null, 0.0), absent));
        assertEquals("converged absent (bar converged)", absent.toString());
    }

    @Test
    void harnessResultsGiveTheFiguresOfItsTable() throws IOException {
        Path file = dir.resolve("result.json");
        Files.writeString(file, "{\"verdict\":\"valid\",\"ok-fraction\":1.0,\"net\":{\"servers\":{\"msgs-per-op\":2.103}},"
                + "\"checks\":[{\"checker\":\"stats\",\"fields\":{\"info-count\":3}},"
                + "{\"checker\":\"set-full\",\"fields\":{\"stable-latencies\":{\"0\":0,\"0.5\":176,\"1\":265}}}]}");
        Bars.Figures f = Bars.read(file);
        assertEquals(new Bars.Figures("valid", 1.0, 2.103, 176.0, 265.0, 3.0), f);
        StringBuilder infos = new StringBuilder();
        assertEquals(1, Bars.report(Bars.parse("info-count=0"), f, infos));
        assertEquals("info-count 3 MISSED = 0", infos.toString());
        StringBuilder line = new StringBuilder();
        assertEquals(0, Bars.report(Bars.parse("valid srv-msgs-per-op<30 stable-median<400 stable-max<600"), f, line));
        assertEquals("valid met  srv-msgs-per-op 2.103 met < 30  stable-median 176 met < 400  stable-max 265 met < 600",
                line.toString());
        StringBuilder absent = new StringBuilder();
        assertEquals(2, Bars.report(Bars.parse("availability=1 stable-max<1"), new Bars.Figures("invalid", null, 0.5,
                null, null, null), absent));
        assertEquals("availability absent (bar availability=1)  stable-max absent (bar stable-max<1)", absent.toString());
    }

    @Test
    void everyBarInTheChallengeListParsesAndAMisspeltOneIsRefused() throws IOException {
        for (String row : Files.readAllLines(Path.of("..", "run-scripts", "challenges.tsv"))) {
            if (!row.startsWith("#") && !row.isBlank()) {
                String[] cols = row.split("\t");
                Bars.parse(cols[4]);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Bars.parse("valid msgs-per-op<30"));
    }

    @Test
    void ednReadsTaggedRecordsSetsAndDiscards() {
        Object v = Edn.parse("{:a #jepsen.history.Op{:index 1}, :b #{1 2}, :c [1.5 -2 3N \"x\\ny\"] #_ :gone :d nil}");
        assertEquals(Map.of(":index", 1L), Edn.path(v, ":a"));
        assertEquals(java.util.Set.of(1L, 2L), Edn.path(v, ":b"));
        assertEquals(List.of(1.5, -2L, java.math.BigInteger.valueOf(3), "x\ny"), Edn.path(v, ":c"));
        assertNull(Edn.path(v, ":d"));
    }
}
