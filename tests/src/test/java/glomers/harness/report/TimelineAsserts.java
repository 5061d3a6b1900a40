package glomers.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import glomers.harness.net.MessageLogFile;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a run page's message timeline embeds, for the page tests of both packages. */
public final class TimelineAsserts {

    private static final Pattern ANOMALY_BUTTON = Pattern.compile("<button type=\"button\" class=\"tl-view\""
            + " data-view=\"anomaly\" data-from=\"([\\d.]+)\" data-to=\"([\\d.]+)\">([^<]*)</button>");

    private TimelineAsserts() {
    }

    /** The timeline's embedded JSON. */
    public static JsonNode data(String html) throws Exception {
        Matcher data = Pattern.compile("<script type=\"application/json\" id=\"message-timeline-data\">(.*?)</script>",
                Pattern.DOTALL).matcher(html);
        assertTrue(data.find(), "the timeline's messages embedded as JSON");
        return new ObjectMapper().readTree(data.group(1));
    }

    /**
     * The page's first anomaly button is labelled {@code label…}, and the page embeds every
     * message the run's log holds in that button's window (the runs these tests make send fewer
     * than a span's cap there). Returns the window, [from, to] ms.
     */
    public static double[] embedsTheFirstAnomaly(Path dir, String html, String label) throws Exception {
        Matcher b = ANOMALY_BUTTON.matcher(html);
        assertTrue(b.find(), "an anomaly's view button");
        assertTrue(b.group(3).startsWith(label), "labelled " + label + "…: " + b.group(3));
        double from = Double.parseDouble(b.group(1)) * 1000;
        double to = Double.parseDouble(b.group(2)) * 1000;
        long inLog = MessageLogFile.readAll(dir.resolve(MessageLogFile.NAME)).stream()
                .map(e -> Math.round(e.sentNs() / 1e3) / 1e3) // as the page rounds it
                .filter(sent -> sent >= from && sent <= to).count();
        long embedded = 0;
        for (JsonNode m : data(html).path("msgs")) {
            double sent = m.get(0).asDouble();
            embedded += sent >= from && sent <= to ? 1 : 0;
        }
        assertTrue(inLog > 0, "the run sent messages around its anomaly, " + b.group(3));
        assertEquals(inLog, embedded, "every message sent around " + b.group(3));
        return new double[] {from, to};
    }

    public static void hasNoAnomalyButton(String html) {
        assertFalse(html.contains("data-view=\"anomaly\""), "a valid run has no anomaly to view");
    }
}
