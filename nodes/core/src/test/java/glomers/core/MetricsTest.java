package glomers.core;

import static glomers.core.Lines.deliver;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The core's figures for every binary, and the metrics line that carries them out. */
class MetricsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final long MS = 1_000_000L;

    final FakeClock clock = new FakeClock(1_000 * MS);
    final List<Message> sent = new ArrayList<>();
    final List<String> lines = new ArrayList<>();

    NodeHost host(NodeLogic logic, List<String> args) {
        return new NodeHost(logic, clock, new SplittableRandom(1), sent::add,
                new StreamLog(lines::add, Log.Level.INFO, StreamLog.Format.JSON), args);
    }

    /** The metrics object of the last metrics line. */
    JsonNode lastMetrics() throws Exception {
        for (int i = lines.size() - 1; i >= 0; i--) {
            JsonNode line = JSON.readTree(lines.get(i));
            if (line.path("event").asText().equals("metrics")) {
                return line.get("metrics");
            }
        }
        throw new AssertionError("no metrics line in " + lines);
    }

    /** Echoes, gossips to n2 on every echo, and asks n3 something it never answers. */
    NodeLogic busy() {
        return (env, handlers) -> handlers.on("echo", request -> {
            env.send("n2", Bodies.of("gossip"));
            env.rpc("n3", Bodies.of("ask"), 100 * MS, reply -> { });
            env.metrics().counter("echoes").increment();
            env.metrics().distribution("echo-size").record(request.body().path("echo").asText().length());
            request.reply(Bodies.of("echo_ok"));
        });
    }

    @Test
    void countsMessagesByTypeAndDirectionAndWhatWentToServers() throws Exception {
        NodeHost host = host(busy(), List.of());
        deliver(host, Lines.INIT);
        for (int i = 0; i < 16; i++) {
            deliver(host, Lines.request("c1", "echo", 10 + i, "\"echo\":\"hello\""));
        }
        clock.advanceMillis(150);
        host.runDueTimers();
        host.writeMetrics();
        JsonNode m = lastMetrics();
        assertEquals(16, m.path("messages").path("echo").path("in").asLong());
        assertEquals(16, m.path("messages").path("echo_ok").path("out").asLong());
        assertEquals(0, m.path("messages").path("echo_ok").path("out-to-servers").asLong(), "replies to a client");
        assertEquals(16, m.path("messages").path("gossip").path("out-to-servers").asLong());
        assertEquals(16, m.path("messages").path("ask").path("out-to-servers").asLong());
        assertEquals(16, m.path("rpc").path("timed-out").path("ask").asLong(), "n3 never answered");
        assertEquals(0, m.path("rpc").path("pending").asLong());
        assertEquals(16 / NodeHost.HANDLER_SAMPLE, m.path("handler-us").path("echo").path("count").asLong(),
                "one request in HANDLER_SAMPLE is timed");
        assertEquals(16, m.path("counters").path("echoes").asLong());
        assertEquals(5, m.path("distributions").path("echo-size").path("p50").asLong());
        assertEquals(150, m.path("uptime-ms").asLong());
    }

    @Test
    void aMetricsLineEveryFiveSecondsByDefaultAndAsTheArgumentSays() throws Exception {
        NodeHost host = host(busy(), List.of());
        deliver(host, Lines.INIT);
        clock.advanceMillis(4_999);
        host.runDueTimers();
        assertFalse(lines.stream().anyMatch(l -> l.contains("\"event\":\"metrics\"")), lines::toString);
        clock.advanceMillis(1);
        host.runDueTimers();
        assertEquals(1, lines.stream().filter(l -> l.contains("\"event\":\"metrics\"")).count());
        assertEquals("n1", JSON.readTree(lines.get(lines.size() - 1)).path("node").asText());

        lines.clear();
        NodeHost quiet = host(busy(), List.of("metrics-ms=0"));
        deliver(quiet, Lines.INIT);
        clock.advanceMillis(60_000);
        quiet.runDueTimers();
        assertTrue(lines.isEmpty(), "metrics-ms=0 writes none: " + lines);
    }

    @Test
    void milestonesAreTheFirstTenthHundredthAndSoOn() {
        Metrics.Counter counter = new Metrics().counter("x");
        List<Long> at = new ArrayList<>();
        for (int i = 0; i < 123_456; i++) {
            if (counter.incrementAtMilestone()) {
                at.add(counter.value());
            }
        }
        assertEquals(List.of(1L, 10L, 100L, 1_000L, 10_000L, 100_000L), at);
        assertEquals(123_456, counter.value());
    }

    @Test
    void aBadMetricsArgumentFailsInit() {
        NodeHost host = host(busy(), List.of("metrics-ms=soon"));
        deliver(host, Lines.INIT);
        assertTrue(sent.get(0).body().path("text").asText().contains("bad metrics-ms 'soon'"), sent::toString);
        assertFalse(host.initialised());
    }

    @Test
    void theStdioRuntimeCountsBytesAndWritesALastLineWhenStdinEnds() throws Exception {
        String input = Lines.INIT + "\n" + Lines.request("c1", "echo", 5, "\"echo\":\"hi\"") + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StdioRuntime.run(busy(), List.of(), new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out,
                new StreamLog(lines::add, Log.Level.INFO, StreamLog.Format.JSON));
        JsonNode m = lastMetrics();
        String echoLine = Lines.request("c1", "echo", 5, "\"echo\":\"hi\"");
        assertEquals(echoLine.getBytes(StandardCharsets.UTF_8).length + 1, m.path("messages").path("echo")
                .path("in-bytes").asLong());
        String written = out.toString(StandardCharsets.UTF_8);
        long okBytes = written.lines().filter(l -> l.contains("echo_ok")).mapToLong(l -> l.length() + 1).sum();
        assertEquals(okBytes, m.path("messages").path("echo_ok").path("out-bytes").asLong());
    }
}
