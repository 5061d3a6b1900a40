package glomers.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness runs anyone's binary: the Python nodes in {@code tests/examples/python} (standard
 * library only), driven through the command line exactly as the README shows, judged from the
 * {@code result.json} each run writes. A correct broadcast stays valid through partitions; the
 * same node made to drop the gossip it acknowledges is invalid, with the values other nodes never
 * saw reported as lost.
 */
class PythonExampleNodesIT {

    private static final Path EXAMPLES = Path.of(System.getProperty("glomers.root", "..")).toAbsolutePath().normalize()
            .resolve("tests").resolve("examples").resolve("python");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path results;

    /** No python3 is a broken machine, not a reason to skip: CI machines have one. */
    @BeforeAll
    static void python3IsOnThePath() throws InterruptedException {
        try {
            Process p = new ProcessBuilder("/usr/bin/env", "python3", "--version").redirectErrorStream(true).start();
            String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "python3 --version did not return");
            assertEquals(0, p.exitValue(), "the example nodes run on `#!/usr/bin/env python3`, which fails here: "
                    + version + "; install Python 3 to run this test");
        } catch (IOException e) {
            fail("cannot run /usr/bin/env python3 for the example nodes; install Python 3 to run this test: " + e);
        }
    }

    /** Runs {@code test --mode process --bin examples/python/NODE args...}; returns its result.json. */
    private JsonNode run(String node, int expectedExit, String... args) throws IOException {
        Path bin = EXAMPLES.resolve(node);
        assertTrue(Files.isExecutable(bin), bin + " must be executable (git keeps the bit: git update-index --chmod=+x)");
        List<String> command = new ArrayList<>(List.of("test", "--mode", "process", "--bin", bin.toString(),
                "--results-dir", results.toString()));
        command.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = HarnessMain.run(command.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String said = "harness " + String.join(" ", command) + "\n" + out.toString(StandardCharsets.UTF_8)
                + err.toString(StandardCharsets.UTF_8);
        assertEquals(expectedExit, exit, said);
        Path runDir;
        try (Stream<Path> runs = Files.list(results)) { // each test has its own folder, holding one run
            runDir = runs.findFirst().orElseThrow(() -> new AssertionError("no run folder in " + results + "\n" + said));
        }
        return JSON.readTree(runDir.resolve("result.json").toFile());
    }

    private static JsonNode check(JsonNode result, String checker) {
        for (JsonNode c : result.path("checks")) {
            if (c.path("checker").asText().equals(checker)) {
                return c;
            }
        }
        throw new AssertionError("no " + checker + " check in " + result.path("checks"));
    }

    @Test
    void echoIsValid() throws IOException {
        JsonNode result = run("echo.py", 0, "-w", "echo", "--node-count", "2", "--time-limit", "3", "--rate", "10");
        assertEquals("valid", result.path("verdict").asText());
        assertTrue(check(result, "echo").path("fields").path("valid?").asBoolean());
        assertTrue(result.path("invocations").asLong() >= 15, "about 10 ops/s for 3 s: " + result.path("invocations"));
        assertEquals(1.0, result.path("ok-fraction").asDouble());
    }

    @Test
    void broadcastIsValidAtFiveNodesThroughPartitions() throws IOException {
        JsonNode result = run("broadcast.py", 0, "-w", "broadcast", "--node-count", "5", "--time-limit", "10",
                "--rate", "10", "--nemesis", "partition", "--seed", "1");
        JsonNode setFull = check(result, "set-full");
        assertTrue(setFull.path("fields").path("valid?").asBoolean(), setFull.toString());
        assertEquals(0, setFull.path("fields").path("lost-count").asLong());
        assertTrue(setFull.path("fields").path("stable-count").asLong() > 0, setFull.toString());
        // The partitions bit: gossip was dropped, and anti-entropy sent it again.
        JsonNode dropped = result.path("net").path("server-messages-dropped-by-type");
        assertTrue(dropped.path("gossip").asLong() > 0, "partitions dropped no gossip: " + result.path("net"));
    }

    @Test
    void broadcastThatDropsGossipIsInvalidWithLostValues() throws IOException {
        JsonNode result = run("broadcast_drops_gossip.py", 1, "-w", "broadcast", "--node-count", "5", "--time-limit", "4",
                "--rate", "10", "--seed", "1");
        assertEquals("INVALID", result.path("verdict").asText());
        JsonNode fields = check(result, "set-full").path("fields");
        assertEquals(false, fields.path("valid?").asBoolean(true), fields.toString());
        long lost = fields.path("lost-count").asLong();
        assertTrue(lost > 0, "values read on one node only must be lost: " + fields);
        assertEquals(lost, fields.path("lost").size(), "lost names every lost value: " + fields);
        assertTrue(result.path("net").path("server-messages-by-type").path("gossip_ok").asLong() > 0,
                "the nodes gossip and acknowledge; they only drop what they hear: " + result.path("net"));
    }
}
