package glomers.harness.browser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.harness.report.MatrixPage;
import glomers.harness.report.RunPage;
import glomers.harness.run.Reports;
import glomers.harness.run.Run;
import glomers.harness.run.RunConfig;
import glomers.harness.run.RunResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report pages in a real headless Chromium: two short simulated runs (broadcast and kafka
 * with partitions) and a matrix page over them open with no console error, every chart they
 * must have present and drawn, and a screenshot left beside each page. A planted page proves the
 * check finds what it claims to. Where no Chromium is installed these tests are skipped, and say
 * so, rather than pass.
 */
class ReportPagesBrowserIT {

    /** The charts every run page has today; the timeline and per-workload panels add theirs. */
    static final List<String> RUN_CHARTS = List.of("latency", "quantiles", "throughput");
    private static final Path ROOT = Path.of(System.getProperty("glomers.root", "..")).toAbsolutePath().normalize();
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

    @TempDir
    Path dir;

    @Test
    void runPagesAndTheMatrixPageRenderTheirChartsWithNoConsoleErrors() throws Exception {
        Path exe = chromiumOrSkip();
        // Named as run-scripts/matrix names its folders, so the matrix page finds its challenges.
        Path matrix = dir.resolve("results/matrix-20000101T000000Z");
        Path broadcast = runPage(RunConfig.defaults("broadcast", "maelstrom-bin/broadcast", 5, 16).withTimeLimit(4)
                .withRate(50), matrix.resolve("3b"));
        Path kafka = runPage(RunConfig.defaults("kafka", "maelstrom-bin/kafka", 2, 16).withTimeLimit(4).withRate(200)
                .withConcurrency(4).withNemesis(true, Optional.empty()), matrix.resolve("5b"));
        Path matrixPage = MatrixPage.write(matrix, ROOT.resolve("run-scripts/challenges.tsv"));

        try (Chromium browser = Chromium.start(exe, Duration.ofSeconds(30))) {
            PageCheck check = new PageCheck(browser.devTools(), Duration.ofSeconds(60));
            for (Path page : List.of(broadcast, kafka)) {
                List<String> expected = new java.util.ArrayList<>(RUN_CHARTS);
                if (page.equals(broadcast)) {
                    expected.add("stable-latency-cdf"); // set-full's panel
                }
                PageReport r = check.check(page, expected);
                assertEquals(List.of(), r.consoleErrors(), r.describe());
                assertEquals(List.of(), r.missing(), r.describe());
                assertEquals(List.of(), r.unrendered(), r.describe());
                assertTrue(r.width().fits(), r.describe());
                assertTrue(r.loadMs() > 0, "a load time from the page's navigation timing: " + r.describe());
                assertScreenshotBeside(page, r);
            }
            PageReport m = check.check(matrixPage, List.of("trend-3b-msgs-per-op", "trend-3b-stable-median",
                    "trend-5b-msgs-per-op"));
            assertTrue(m.passed(), m.describe());
            assertScreenshotBeside(matrixPage, m);
        }
    }

    @Test
    void theCheckFindsConsoleErrorsAbsentChartsAndChartsThatDidNotDraw() throws Exception {
        chromiumOrSkip();
        String text = browseFailing("planted", """
                <img data-chart="latency" alt="a real 1x1 PNG" src="data:image/png;base64,\
                iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==">
                <img data-chart="broken" alt="not a PNG" src="data:image/png;base64,AAAA">
                <div data-chart="message-timeline"></div>
                <div data-chart="empty-timeline"><svg></svg></div>
                <img alt="a file that is not there" src="missing-file.png">
                <script>
                  // Drawn after load, as the message timeline is: the check must wait for it.
                  setTimeout(() => document.querySelector('[data-chart="message-timeline"]').innerHTML =
                      '<svg width="100" height="50"><line x1="0" y1="0" x2="100" y2="50" stroke="black"/></svg>', 300);
                  console.error('planted console error');
                </script>
                <script>notDefinedAnywhere();</script>
                """, "--expect", "latency,message-timeline,absent");
        assertTrue(text.contains("charts 2/4 rendered (latency broken message-timeline empty-timeline)"), text);
        assertTrue(text.contains("missing chart: absent"), text);
        assertTrue(text.contains("chart not rendered: broken") && text.contains("chart not rendered: empty-timeline"),
                text);
        assertFalse(text.contains("chart not rendered: message-timeline"), "drawn late, but drawn: " + text);
        assertTrue(text.contains("console error: console.error: planted console error"), text);
        assertTrue(text.contains("console error: uncaught: ReferenceError: notDefinedAnywhere is not defined"), text);
        assertTrue(text.contains("missing-file.png"), "a resource that failed to load: " + text);
        assertTrue(Files.exists(dir.resolve("planted.png")), "a screenshot even of a failing page");
    }

    @Test
    void aRunPageWithVeryLongFieldsStaysWithinTheWindow() throws Exception {
        Path exe = chromiumOrSkip();
        RunResult run = Run.execute(RunConfig.defaults("broadcast", "maelstrom-bin/broadcast", 3, 16).withTimeLimit(2)
                .withRate(20).withMode(RunConfig.Mode.SIM, dir.resolve("results")), null);
        Path resultFile = Reports.write(run);
        ObjectMapper json = new ObjectMapper();
        ObjectNode result = (ObjectNode) json.readTree(resultFile.toFile());
        // What overran a 1400 px window: a big array (written without spaces) and a long word.
        ObjectNode fields = null;
        for (com.fasterxml.jackson.databind.JsonNode check : result.path("checks")) {
            if (check.path("checker").asText().equals("set-full")) {
                fields = (ObjectNode) check.path("fields");
            }
        }
        assertTrue(fields != null, "a set-full check in " + result.path("checks"));
        ArrayNode big = fields.putArray("planted-big-array");
        for (int i = 0; i < 5_000; i++) {
            big.add(1_000_000 + i);
        }
        fields.put("planted-long-word", "x".repeat(3_000));
        fields.putObject("planted-wide-map").put("k".repeat(400), "v".repeat(400));
        Path page = RunPage.write(resultFile.getParent(), result, run.history().ops(), run.messages());
        assertTrue(Files.readString(page).contains("planted-big-array"), "the planted fields are on the page");
        try (Chromium browser = Chromium.start(exe, Duration.ofSeconds(30))) {
            PageReport r = new PageCheck(browser.devTools(), Duration.ofSeconds(60)).check(page, RUN_CHARTS);
            assertEquals(PageCheck.WINDOW_WIDTH, r.width().window(), r.describe());
            assertTrue(r.width().fits(), r.describe());
            assertTrue(r.passed(), r.describe());
        }
    }

    @Test
    void theCheckFailsAPageWiderThanItsWindowAndNamesWhatSticksOut() throws Exception {
        chromiumOrSkip();
        String text = browseFailing("wide", """
                <p>fits</p>
                <div style="overflow:auto"><div style="width:5000px">scrolls inside its own box</div></div>
                <table><tr><td><code>%s</code></td></tr></table>
                """.formatted("[1000000," + "1000001,".repeat(400) + "1]"));
        assertTrue(text.contains("px > 1400 px"), text);
        assertTrue(text.contains("sticks out: td > code, ") && text.indexOf("sticks out: td > code, ")
                == text.indexOf("sticks out: "), "the widest of what overflows is named first: " + text);
        assertFalse(text.contains("scrolls inside"), "a box that scrolls holds its own overflow: " + text);
    }

    /** {@code browse} on a planted page (NAME.html, with this body), which must fail: what it printed. */
    private String browseFailing(String name, String body, String... options) throws IOException {
        Path page = dir.resolve(name + ".html");
        Files.writeString(page, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + name
                + "</title></head><body>\n" + body + "</body></html>\n", StandardCharsets.UTF_8);
        List<String> args = new java.util.ArrayList<>(List.of(options));
        args.add(page.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = BrowseCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, text);
        return text;
    }

    /** Chromium's path, or the test is skipped, saying why, so a machine without it never passes silently. */
    private static Path chromiumOrSkip() {
        Optional<Path> exe = Chromium.find();
        if (exe.isEmpty()) {
            System.err.println("ReportPagesBrowserIT: no Chromium ($CHROMIUM, or chromium on PATH): SKIPPED;"
                    + " install it with apt-get install chromium (.ci/run does)");
        }
        Assumptions.assumeTrue(exe.isPresent(), "no Chromium ($CHROMIUM, or chromium on PATH); apt-get install chromium");
        return exe.get();
    }

    /** A simulated run's folder with its result.json and report.html, as the harness leaves it. */
    private static Path runPage(RunConfig config, Path results) throws IOException {
        RunResult r = Run.execute(config.withMode(RunConfig.Mode.SIM, results), null);
        assertEquals(0, r.exitCode(), "the run itself is valid");
        Path result = Reports.write(r);
        return RunPage.write(result.getParent(), new ObjectMapper().readTree(result.toFile()), r.history().ops(), r.messages());
    }

    private static void assertScreenshotBeside(Path page, PageReport r) throws IOException {
        assertEquals(page.resolveSibling(page.getFileName().toString().replace(".html", ".png")), r.screenshot());
        try (InputStream in = Files.newInputStream(r.screenshot())) {
            assertArrayEquals(PNG_MAGIC, Arrays.copyOf(in.readNBytes(4), 4), "a PNG: " + r.screenshot());
        }
        assertTrue(Files.size(r.screenshot()) > 10_000, "a screenshot with something in it: " + r.describe());
    }
}
