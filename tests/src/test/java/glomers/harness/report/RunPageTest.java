package glomers.harness.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import glomers.harness.cluster.SimBinaries;
import glomers.harness.history.HistoryFile;
import glomers.harness.history.Op;
import glomers.harness.net.MessageLogFile;
import glomers.harness.run.Reports;
import glomers.harness.run.Run;
import glomers.harness.run.RunConfig;
import glomers.harness.run.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run page: rebuilt from a run's folder alone, self-contained, verdict and metrics first; and
 * each workload's panel above its checker's fields, from real simulated runs of correct and of
 * deliberately broken nodes (kafka's and txn's anomalies: {@code run.AnomalyPagesTest}), with the
 * message timeline's spans around the anomalies they show.
 */
class RunPageTest {

    @TempDir
    Path results;

    @Test
    void aRunsPageHoldsItsVerdictMetricsAndItsInlineCharts() throws Exception {
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
        assertTrue(html.contains("<h2>The nodes' own figures</h2>") && html.contains("<th>commit-latency-us</th>")
                && Pattern.compile("<tr><td>n0</td><td>\\d+</td><td>\\d+: [^<]*append(_ok)? \\d+").matcher(html).find(),
                "each node's metrics line, its messages by type and kafka's own figures");
        Matcher images = Pattern.compile("<img data-chart=\"([a-z-]+)\" alt=\"[^\"]+\""
                + " src=\"data:image/png;base64,[A-Za-z0-9+/=]{1000,}\">").matcher(html);
        List<String> charts = new ArrayList<>();
        while (images.find()) {
            charts.add(images.group(1));
        }
        assertEquals(List.of("latency", "quantiles", "throughput", "message-rates"), charts,
                "inlined, each named for the browser test");
        assertFalse(html.contains("http://") || html.contains("https://"), "nothing to fetch from a network");
        assertFalse(html.contains("<script src"), "no external scripts");
    }

    /** One short kafka run with partitions, shared by the timeline tests. */
    private Path kafkaRun() throws Exception {
        RunConfig c = RunConfig.defaults("kafka", "maelstrom-bin/kafka", 3, 72).withTimeLimit(8)
                .withRate(100).withConcurrency(6).withNemesis(true, Optional.empty())
                .withMode(RunConfig.Mode.SIM, results);
        return Reports.write(Run.execute(c, null)).getParent();
    }

    private static JsonNode timelineData(String html) throws Exception {
        Matcher data = Pattern.compile("<script type=\"application/json\" id=\"message-timeline-data\">(.*?)</script>",
                Pattern.DOTALL).matcher(html);
        assertTrue(data.find(), "the timeline's messages embedded as JSON");
        return new ObjectMapper().readTree(data.group(1));
    }

    @Test
    void theTimelineEmbedsTheStartOfTheRunAndTheFirstPartitionsWithTheirDrops() throws Exception {
        Path dir = kafkaRun();
        String html = Files.readString(RunPage.rebuild(dir));
        assertTrue(html.contains("<div class=\"timeline\" data-chart=\"message-timeline\">"), "the container");
        assertTrue(html.contains("class=\"tl-from\"") && html.contains("class=\"tl-to\""), "from/to inputs");
        assertTrue(html.contains(">partition 1 at "), "a view around the first partition");
        JsonNode d = timelineData(html);
        List<String> cols = new ArrayList<>();
        d.path("cols").forEach(c -> cols.add(c.asText()));
        assertEquals(List.of("n0", "n1", "n2"), cols.subList(0, 3), "nodes first, in order");
        assertTrue(cols.get(cols.size() - 1).startsWith("c"), "clients last");
        List<String> types = new ArrayList<>();
        d.path("types").forEach(t -> types.add(t.asText()));
        assertTrue(types.contains("init") && types.contains("append"), types.toString());
        int dropped = 0;
        double first = Double.MAX_VALUE;
        for (JsonNode m : d.path("msgs")) {
            assertEquals(9, m.size(), m.toString());
            first = Math.min(first, m.get(0).asDouble());
            if (m.get(2).asInt() == 1) {
                dropped++;
                assertFalse(m.get(1).isNull(), "a dropped message keeps when it was due");
            }
        }
        assertTrue(first <= 0, "the first span starts with the run");
        assertEquals("init", types.get(d.path("msgs").get(0).get(5).asInt()), "init comes first");
        assertTrue(dropped > 0, "partitions drop server messages, and the page shows them");
        assertTrue(d.path("msgs").size() <= MessageTimeline.START_SPAN_MAX
                + MessageTimeline.PARTITION_SPANS * MessageTimeline.PARTITION_SPAN_MAX, "bounded");
    }

    @Test
    void aWindowAskedForIsWhatThePageEmbedsAndShowsFirst() throws Exception {
        Path dir = kafkaRun();
        String html = Files.readString(RunPage.rebuild(dir, "5-5.5"));
        assertTrue(html.contains("class=\"tl-from\" type=\"number\" step=\"0.001\" value=\"5.000\""), "from");
        assertTrue(html.contains("value=\"5.500\""), "to");
        JsonNode msgs = timelineData(html).path("msgs");
        assertTrue(msgs.size() > 10, "kafka at rate 100 sends in half a second");
        for (JsonNode m : msgs) {
            assertTrue(m.get(0).asDouble() >= 5000 && m.get(0).asDouble() <= 5500, m.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> RunPage.rebuild(dir, "7-6"),
                "a window that ends before it starts is refused");
    }

    /** An op of a synthetic history, at {@code ms} of run time, its index its position. */
    private static Op op(List<Op> ops, long process, Op.Type type, String f, String value, long ms) throws Exception {
        Op op = new Op(ops.size(), process, type, f, new ObjectMapper().readTree(value), ms * 1_000_000, false, null);
        ops.add(op);
        return op;
    }

    @Test
    void anAnomalysFarApartOpsAreEachAPieceAndEachTypesFirstCaseComesFirst() throws Exception {
        List<Op> ops = new ArrayList<>();
        op(ops, 0, Op.Type.INVOKE, "send", "[[\"send\",\"9\",5]]", 1_000);
        op(ops, 0, Op.Type.OK, "send", "[[\"send\",\"9\",[10,5]]]", 1_010);
        op(ops, 1, Op.Type.INVOKE, "send", "[[\"send\",\"9\",6]]", 1_300);
        op(ops, 1, Op.Type.OK, "send", "[[\"send\",\"9\",[3,6]]]", 1_320);
        op(ops, 0, Op.Type.INVOKE, "send", "[[\"send\",\"9\",8]]", 2_000);
        op(ops, 0, Op.Type.OK, "send", "[[\"send\",\"9\",[4,8]]]", 2_010);
        op(ops, 1, Op.Type.INVOKE, "send", "[[\"send\",\"9\",7]]", 40_000);
        Op late = op(ops, 1, Op.Type.OK, "send", "[[\"send\",\"9\",[10,7]]]", 40_020);
        JsonNode result = new ObjectMapper().readTree("""
                {"checks": [{"checker": "kafka", "fields": {"bad-error-types": ["inconsistent-offsets", "lost-write"],
                  "inconsistent-offsets": {"count": 3, "errs": [{"key": "9", "offset": 10, "index": 10, "values": [5, 7]},
                                                                 {"key": "9", "offset": 3, "index": 3, "values": [6, 9]},
                                                                 {"key": "9", "offset": 4, "index": 4, "values": [8, 9]}]},
                  "lost-write": {"count": 1, "errs": [{"key": "9", "value": 7, "index": 10,
                    "writer": {"index": %d, "process": "1", "type": "ok", "f": "send", "time": %d}}]}}}]}
                """.formatted(late.index(), late.timeNanos()));
        List<AnomalySpans.Span> spans = AnomalySpans.find(result, ops);
        List<String> labels = new ArrayList<>();
        for (AnomalySpans.Span s : spans) {
            for (int i = 0; i < s.pieces().size(); i++) {
                labels.add(s.label(i));
            }
        }
        assertEquals(List.of("inconsistent-offsets at 1.000 s", "inconsistent-offsets at 1.000 s: its op at 40.000 s",
                "inconsistent-offsets at 1.300 s", "lost-write at 40.000 s"), labels,
                "the two sends given offset 10, 39 s apart, each a piece; a type's second case after the first of"
                        + " each, its third past the cap; in time order");
        assertArrayEquals(new double[] {1.0, 1.01}, spans.get(0).pieces().get(0), 1e-9, "invocation to completion");

        List<long[]> asked = new ArrayList<>();
        List<Integer> caps = new ArrayList<>();
        MessageLogFile.Source log = (windows, max, into) -> {
            asked.addAll(windows);
            java.util.Arrays.stream(max).forEach(caps::add);
            return new MessageLogFile.Header(0, 0, 0, 0, Map.of());
        };
        StringBuilder html = new StringBuilder();
        MessageTimeline.read(log, List.of(), spans, null).appendTo(html);
        int each = MessageTimeline.ANOMALY_SPAN_MAX;
        assertEquals(List.of(MessageTimeline.START_SPAN_MAX, each / 2, each / 2, each, each), caps,
                "the start, then each piece, an anomaly's pieces sharing its cap");
        assertArrayEquals(new long[] {39_800_000_000L, 40_520_000_000L}, asked.get(2), "padded around its op");
        Matcher view = Pattern.compile("data-view=\"anomaly\" data-from=\"([\\d.]+)\" data-to=\"([\\d.]+)\">"
                + "inconsistent-offsets at 1.000 s: its op at 40.000 s</button>").matcher(html);
        assertTrue(view.find(), "a button for each piece: " + html);
        assertTrue(Double.parseDouble(view.group(1)) < 40 && Double.parseDouble(view.group(2)) > 40.02, view.group());
    }

    @Test
    void aFolderWithoutAMessageLogStillGetsItsPage() throws Exception {
        Path dir = kafkaRun();
        Files.delete(dir.resolve(MessageLogFile.NAME));
        String html = Files.readString(RunPage.rebuild(dir));
        assertTrue(html.contains("No messages.jsonl.gz in this folder"));
        assertFalse(html.contains("data-chart=\"message-timeline\""));
    }

    @Test
    void theRatesChartKeepsTheBusiestGroupsAndFoldsTheRestIntoOther() {
        Map<String, int[]> perSecond = new LinkedHashMap<>();
        for (int g = 0; g < 12; g++) {
            perSecond.put("type" + g, new int[] {g, g + 1});
        }
        Map<String, int[]> bands = MessageRates.bands(perSecond);
        assertEquals(MessageRates.MAX_SERIES, bands.size());
        assertEquals(List.of("type11", "type10", "type9", "type8", "type7", "type6", "type5", "other"),
                new ArrayList<>(bands.keySet()));
        assertArrayEquals(new int[] {0 + 1 + 2 + 3 + 4, 1 + 2 + 3 + 4 + 5}, bands.get("other"));
        assertEquals(3, MessageRates.bands(Map.of("a", new int[] {1}, "b", new int[] {2}, "c", new int[] {3}))
                .size(), "few groups, no other");
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @BeforeAll
    static void registerBrokenNodes() {
        // Acknowledges every value but drops multiples of 7 (lost); never answers multiples of 5 (never read).
        SimBinaries.register("page-leaky-set", () -> (env, handlers) -> {
            ArrayNode kept = JSON.arrayNode();
            handlers.on("topology", r -> r.reply(JSON.objectNode().put("type", "topology_ok")));
            handlers.on("broadcast", r -> {
                long v = r.body().path("message").asLong();
                if (v % 5 == 0 && v % 7 != 0) {
                    return;
                }
                if (v % 7 != 0) {
                    kept.add(v);
                }
                r.reply(JSON.objectNode().put("type", "broadcast_ok"));
            });
            handlers.on("read", r -> r.reply(JSON.objectNode().put("type", "read_ok").set("messages", kept.deepCopy())));
        });
        // Loses multiples of 7 from 42 on, sent after the first seconds the page embeds anyway.
        SimBinaries.register("page-late-leaky-set", () -> (env, handlers) -> {
            ArrayNode kept = JSON.arrayNode();
            handlers.on("topology", r -> r.reply(JSON.objectNode().put("type", "topology_ok")));
            handlers.on("broadcast", r -> {
                long v = r.body().path("message").asLong();
                if (v < 42 || v % 7 != 0) {
                    kept.add(v);
                }
                r.reply(JSON.objectNode().put("type", "broadcast_ok"));
            });
            handlers.on("read", r -> r.reply(JSON.objectNode().put("type", "read_ok").set("messages", kept.deepCopy())));
        });
        // Each node counts only its own adds: the final reads differ and fall outside the acceptable sums.
        SimBinaries.register("page-lonely-counter", () -> (env, handlers) -> {
            long[] sum = {0};
            handlers.on("add", r -> {
                sum[0] += r.body().path("delta").asLong();
                r.reply(JSON.objectNode().put("type", "add_ok"));
            });
            handlers.on("read", r -> r.reply(JSON.objectNode().put("type", "read_ok").put("value", sum[0])));
        });
    }

    private Path run(String workload, String bin, int nodes, long seed) throws Exception {
        // 8 threads: the leaky set leaves some unanswered, and each waits out its timeout
        RunConfig c = RunConfig.defaults(workload, "maelstrom-bin/" + bin, nodes, seed).withTimeLimit(10)
                .withRate(20).withConcurrency(8).withMode(RunConfig.Mode.SIM, results);
        RunResult r = Run.execute(c, null);
        return Reports.write(r).getParent();
    }

    private String page(String workload, String bin, int nodes, long seed) throws Exception {
        return Files.readString(RunPage.rebuild(run(workload, bin, nodes, seed)));
    }

    private static int charts(String html, String name) {
        Matcher m = Pattern.compile("<img data-chart=\"" + Pattern.quote(name)
                + "\" alt=\"[^\"]+\" src=\"data:image/png;base64,[A-Za-z0-9+/=]{1000,}\">").matcher(html);
        int count = 0;
        while (m.find()) {
            count++;
        }
        return count;
    }

    /** The panel's position: after the checker's heading, before its fields table. */
    private static void assertAboveTheFields(String html, String checker, String panel) {
        int heading = html.indexOf("<h2>" + checker + "</h2>");
        int at = html.indexOf(panel, heading);
        int table = html.indexOf("<table><tr><th>field</th>", heading);
        assertTrue(heading >= 0 && heading < at && at < table, checker + ": " + panel + " between heading and table");
    }

    @Test
    void broadcastAndGSetPagesChartTheStableLatencyDistribution() throws Exception {
        for (String w : new String[] {"broadcast", "g-set"}) {
            String html = page(w, w, 3, 91);
            assertEquals(1, charts(html, "stable-latency-cdf"), w + ": one distribution chart");
            assertAboveTheFields(html, "set-full", "data-chart=\"stable-latency-cdf\"");
            assertTrue(html.contains("<b>Lost values</b> (acknowledged or read, then absent from every later read): none."),
                    w + ": a correct node loses nothing");
            assertTrue(html.contains("<b>Never read values</b> (added but in no read): none."), w);
            assertTrue(html.contains("<td>beyond Maelstrom: stable-latency-percentiles</td>"), w + ": the chart's data");
            TimelineAsserts.hasNoAnomalyButton(html);
        }
    }

    @Test
    void aLeakySetsPageListsItsLostAndNeverReadValues() throws Exception {
        String html = page("broadcast", "page-leaky-set", 1, 92);
        assertTrue(html.contains("<h1>broadcast: <span class=\"invalid\">"), "lost values make it invalid");
        Matcher lost = Pattern.compile("<code data-values=\"lost\">([^<]*)</code>").matcher(html);
        assertTrue(lost.find(), "the lost values, listed");
        for (String v : lost.group(1).split("[,–…] ?")) {
            if (v.matches("\\d+")) {
                assertEquals(0, Long.parseLong(v) % 7, "only multiples of 7 are lost: " + lost.group(1));
            }
        }
        assertTrue(lost.group(1).startsWith("0, 7, 14"), lost.group(1));
        Matcher never = Pattern.compile("<code data-values=\"never-read\">([^<]*)</code>").matcher(html);
        assertTrue(never.find(), "the never-read values, listed");
        assertTrue(never.group(1).startsWith("5, 10, 15"), "unanswered multiples of 5: " + never.group(1));
    }

    /**
     * Op times (the history's) and message times (the log's) are one clock: the page finds a lost
     * value's broadcast in the history and embeds the client's broadcast message sent at that
     * instant, seconds past the start the page embeds anyway.
     */
    @Test
    void aLostValuesPageEmbedsTheMessagesAroundItsBroadcast() throws Exception {
        Path dir = run("broadcast", "page-late-leaky-set", 1, 95);
        String html = Files.readString(RunPage.rebuild(dir));
        assertTrue(html.contains("<code data-values=\"lost\">42, 49"), "lost from 42 on");
        double[] window = TimelineAsserts.embedsTheFirstAnomaly(dir, html, "lost value 42 at ");
        assertTrue(window[0] > MessageTimeline.START_SPAN_S * 1000, "past the start span: " + window[0] + " ms");
        double invoked = -1;
        for (Op op : HistoryFile.read(dir.resolve(Reports.HISTORY_FILE)).ops()) {
            if (op.isInvoke() && op.f().equals("broadcast") && op.value().asLong() == 42) {
                invoked = op.timeNanos() / 1e6;
            }
        }
        JsonNode d = TimelineAsserts.data(html);
        boolean sent = false;
        for (JsonNode m : d.path("msgs")) {
            sent |= d.path("cols").get(m.get(3).asInt()).asText().startsWith("c")
                    && m.get(8).asText().equals("{\"message\":42}") && Math.abs(m.get(0).asDouble() - invoked) < 0.001;
        }
        assertTrue(sent, "the client's broadcast of 42, sent when the history says it was invoked, " + invoked + " ms");
    }

    @Test
    void countersPagesChartEachNodesFinalReadAgainstTheAcceptableSums() throws Exception {
        for (String w : new String[] {"g-counter", "pn-counter"}) {
            String html = page(w, w, 3, 93);
            assertEquals(1, charts(html, "counter-final-reads"), w);
            assertAboveTheFields(html, "counter", "data-chart=\"counter-final-reads\"");
            assertTrue(html.contains("<p>8 final reads, all within the acceptable sums {"), w + ": " + between(html));
            TimelineAsserts.hasNoAnomalyButton(html);
        }
        Path dir = run("g-counter", "page-lonely-counter", 3, 94);
        String html = Files.readString(RunPage.rebuild(dir));
        assertEquals(1, charts(html, "counter-final-reads"));
        assertTrue(html.contains("<p>8 final reads, 0 of them within the acceptable sums {"), between(html));
        TimelineAsserts.embedsTheFirstAnomaly(dir, html, "final reads outside the acceptable sums at ");
    }

    private static String between(String html) {
        int at = html.indexOf("final reads");
        return at < 0 ? "no final-reads line" : html.substring(Math.max(0, at - 10), Math.min(html.length(), at + 120));
    }
}
