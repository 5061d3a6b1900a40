package glomers.harness.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import glomers.harness.cluster.SimBinaries;
import glomers.harness.report.RunPage;
import glomers.harness.report.TimelineAsserts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run page's anomaly panels for kafka and txn, from real simulated runs of the planted-fault
 * nodes: each anomaly type, its count and its cases with their ops formatted one a line; and the
 * message timeline's view of the messages around the first anomalies.
 */
class AnomalyPagesTest {

    @TempDir
    Path results;

    @BeforeAll
    static void registerNodes() {
        SimBinaries.register("page-kafka-reuse-offset", () -> KafkaLogNodes.reusesOffsets(10));
        SimBinaries.register("page-kafka-log", KafkaLogNodes::correct);
        SimBinaries.register("page-txn-intermediate-write", TxnStores::intermediateWrite);
        SimBinaries.register("page-txn-serial", TxnStores::serial);
    }

    private Path run(RunConfig c) throws Exception {
        return Reports.write(Run.execute(c, null)).getParent();
    }

    private static String page(Path dir) throws Exception {
        return Files.readString(RunPage.rebuild(dir));
    }

    private RunConfig kafka(String bin, long seed) {
        return RunConfig.defaults("kafka", "maelstrom-bin/" + bin, 1, seed).withTimeLimit(5).withRate(200)
                .withConcurrency(2).withMode(RunConfig.Mode.SIM, results);
    }

    private RunConfig txn(String bin, long seed) {
        return RunConfig.defaults("txn-rw-register", "maelstrom-bin/" + bin, 2, seed).withTimeLimit(5).withRate(200)
                .withConcurrency(4).withConsistencyModels("read-committed").withMode(RunConfig.Mode.SIM, results);
    }

    /** The panel's table of one workload: from its data-anomalies tag to its end. */
    private static String panel(String html, String which) {
        int at = html.indexOf("<table data-anomalies=\"" + which + "\">");
        assertTrue(at >= 0, "a " + which + " anomaly table");
        return html.substring(at, html.indexOf("</table>", at));
    }

    @Test
    void aKafkaPageListsEachAnomalyWithItsOps() throws Exception {
        RunConfig c = kafka("page-kafka-reuse-offset", 83);
        Path dir = run(c);
        String html = page(dir);
        String p = panel(html, "kafka");
        String replay = Replay.how("AnomalyPagesTest#aKafkaPageListsEachAnomalyWithItsOps", c);
        Matcher row = Pattern.compile("<tr><td><b>inconsistent-offsets</b><br>(\\d+) cases</td>").matcher(p);
        assertTrue(row.find(), "the type and its count: " + p.substring(0, Math.min(p.length(), 600)) + "; " + replay);
        assertTrue(p.contains("<li>key "), "a case's facts in words, not JSON: " + replay);
        assertTrue(Pattern.compile("<b>lost-write</b>.*?<code>writer: #\\d+ process \\d+ ok send \\[\\[&quot;send&quot;,",
                Pattern.DOTALL).matcher(p).find(), "the op that wrote a lost message, one line: " + replay);
        assertTrue(p.contains("<b>beyond Maelstrom: acked-sends-missing-at-end</b>"), "the harness's own: " + replay);
        TimelineAsserts.embedsTheFirstAnomaly(dir, html, "inconsistent-offsets at ");
        assertTrue(Pattern.compile("data-view=\"anomaly\"[^>]*>lost-write at ").matcher(html).find(),
                "the first case of each type before a second of any: " + replay);
        String ok = page(run(kafka("page-kafka-log", 84)));
        assertTrue(panel(ok, "kafka").contains("<td colspan=\"2\">no anomalies found</td>"), panel(ok, "kafka"));
        TimelineAsserts.hasNoAnomalyButton(ok);
    }

    @Test
    void aTxnPageListsEachAnomalyWithItsOps() throws Exception {
        RunConfig c = txn("page-txn-intermediate-write", 73);
        Path dir = run(c);
        String html = page(dir);
        String p = panel(html, "txn");
        String replay = Replay.how("AnomalyPagesTest#aTxnPageListsEachAnomalyWithItsOps", c);
        assertTrue(Pattern.compile("<tr><td><b>G1b</b><br>\\d+ cases?</td>").matcher(p).find(), p + "; " + replay);
        assertTrue(Pattern.compile("<code>op: #\\d+ process \\d+ ok txn \\[\\[").matcher(p).find(), "the reader: " + replay);
        assertTrue(Pattern.compile("<code>writer: #\\d+ process \\d+ ok txn \\[\\[").matcher(p).find(), "the writer: " + replay);
        assertTrue(html.contains("<p>Checked for G0, G1a, G1b, G1c"), "what was looked for: " + replay);
        TimelineAsserts.embedsTheFirstAnomaly(dir, html, "G1b at ");
        String ok = page(run(txn("page-txn-serial", 74)));
        assertTrue(panel(ok, "txn").contains("no anomalies found"), "a serial store: " + panel(ok, "txn"));
        TimelineAsserts.hasNoAnomalyButton(ok);
    }
}
