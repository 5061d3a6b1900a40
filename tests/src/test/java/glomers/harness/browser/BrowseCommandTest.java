package glomers.harness.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The browse command's options and verdicts, without a browser (ReportPagesBrowserIT has one). */
class BrowseCommandTest {

    @Test
    void badOptionsExitWith254AndTheUsage() {
        for (List<String> args : List.of(List.<String>of(), List.of("--expect"), List.of("--timeout", "soon", "a.html"),
                List.of("--shiny", "a.html"), List.of("--expect", "latency"))) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = BrowseCommand.run(args, new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(254, code, args.toString());
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: java -jar tests/target/harness.jar browse"),
                    args + ": " + err);
        }
    }

    @Test
    void aPagePassesOnlyWithNoErrorNoMissingChartEveryChartDrawnAndWithinItsWindow() {
        Path page = Path.of("/r/report.html");
        Path shot = Path.of("/r/report.png");
        List<PageReport.Chart> drawn = List.of(new PageReport.Chart("latency", true));
        PageReport.Width fits = new PageReport.Width(1400, 1400, List.of());
        assertTrue(new PageReport(page, 1, 5, drawn, List.of(), List.of(), fits, shot).passed());
        assertFalse(new PageReport(page, 1, 5, drawn, List.of("message-timeline"), List.of(), fits, shot).passed());
        assertFalse(new PageReport(page, 1, 5, drawn, List.of(), List.of("uncaught: x"), fits, shot).passed());
        PageReport blank = new PageReport(page, 250_000, 5, List.of(new PageReport.Chart("latency", false)),
                List.of(), List.of(), fits, shot);
        assertFalse(blank.passed());
        assertEquals("/r/report.html: load 5 ms, 0.25 MB, charts 0/1 rendered (latency), console errors 0,"
                + " width 1400/1400 px, screenshot /r/report.png  FAILED\n  chart not rendered: latency", blank.describe());
        PageReport wide = new PageReport(page, 1, 5, drawn, List.of(), List.of(),
                new PageReport.Width(1401, 1400, List.of("td > code, 5000 px of content: \"[0,1,2\"")), shot);
        assertFalse(wide.passed(), "one pixel past the window fails");
        assertTrue(wide.describe().endsWith("FAILED\n  wider than the window: 1401 px > 1400 px\n"
                + "    sticks out: td > code, 5000 px of content: \"[0,1,2\""), wide.describe());
    }
}
