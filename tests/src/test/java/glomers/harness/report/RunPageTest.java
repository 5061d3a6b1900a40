package glomers.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import glomers.harness.run.Reports;
import glomers.harness.run.Run;
import glomers.harness.run.RunConfig;
import glomers.harness.run.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run page: rebuilt from a run's folder alone, self-contained, verdict and metrics first. */
class RunPageTest {

    @TempDir
    Path results;

    @Test
    void aRunsPageHoldsItsVerdictMetricsAndThreeInlineCharts() throws Exception {
        RunConfig c = RunConfig.defaults("kafka", "maelstrom-bin/kafka", 3, 71).withTimeLimit(10)
                .withRate(200).withConcurrency(6).withNemesis(true, Optional.empty())
                .withMode(RunConfig.Mode.SIM, results);
        RunResult r = Run.execute(c, null);
        Path dir = Reports.write(r).getParent();
        String html = Files.readString(RunPage.rebuild(dir));
        assertTrue(html.startsWith("<!DOCTYPE html>"), html.substring(0, 40));
        assertTrue(html.contains("<h1>kafka: <span class=\"valid\">valid</span></h1>"), "the verdict first");
        assertTrue(html.contains("<td>net servers msgs-per-op</td>"), "Maelstrom's metrics");
        assertTrue(html.contains("<h2>kafka</h2>") && html.contains("<td>bad-error-types</td>"),
                "the workload checker's findings");
        assertTrue(html.contains("<td>beyond Maelstrom: acked-sends-missing-at-end</td>"), "and the harness's");
        assertTrue(html.contains("<td>append_ok</td>"), "server messages by type");
        Matcher images = Pattern.compile("<img data-chart=\"(latency|quantiles|throughput)\" alt=\"[^\"]+\""
                + " src=\"data:image/png;base64,[A-Za-z0-9+/=]{1000,}\">")
                .matcher(html);
        int count = 0;
        while (images.find()) {
            count++;
        }
        assertEquals(3, count, "latency, quantiles and throughput, inlined");
        assertFalse(html.contains("http://") || html.contains("https://"), "nothing to fetch from a network");
    }
}
