package glomers.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trace}: one request's lines from every node's log, in time order, and nothing else. */
class TraceCommandTest {

    @TempDir
    Path run;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int trace(String... args) {
        return TraceCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    void log(String node, String... lines) throws IOException {
        Files.createDirectories(run.resolve("nodes"));
        Files.write(run.resolve("nodes").resolve(node + ".log"), List.of(lines));
    }

    @Test
    void followsARequestAcrossNodesInTimeOrder() throws IOException {
        log("n0",
                "{\"time\":1005,\"level\":\"debug\",\"node\":\"n0\",\"event\":\"propose\",\"src\":\"n1\",\"dest\":\"n0\",\"req\":\"c5 2\",\"msg\":\"forwarded\"}",
                "{\"time\":1006,\"level\":\"debug\",\"node\":\"n0\",\"event\":\"recv\",\"src\":\"c5\",\"dest\":\"n0\",\"msg_id\":3,\"req\":\"c5 3\",\"msg\":\"the next request\"}",
                "INFO n0 leader: a plain line, skipped");
        log("n1",
                "{\"time\":1000,\"level\":\"debug\",\"node\":\"n1\",\"event\":\"recv\",\"src\":\"c5\",\"dest\":\"n1\",\"msg_id\":2,\"req\":\"c5 2\",\"msg\":\"send\"}",
                "{\"time\":1009,\"level\":\"debug\",\"node\":\"n1\",\"event\":\"send\",\"src\":\"n0\",\"dest\":\"n1\",\"req\":\"c5 2\",\"msg\":\"send_ok\"}",
                "{\"time\":1010,\"level\":\"debug\",\"node\":\"n1\",\"event\":\"recv\",\"src\":\"c52\",\"dest\":\"n1\",\"msg_id\":2,\"req\":\"c52 2\",\"msg\":\"another client\"}",
                "{\"time\":1011,\"level\":\"info\",\"node\":\"n1\",\"event\":\"torn\",");
        assertEquals(0, trace(run.toString(), "c5", "2"), err::toString);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(4, lines.size(), lines::toString);
        assertTrue(lines.get(0).contains("3 lines from 2 nodes"), lines.get(0));
        assertTrue(lines.get(1).matches("\\s+0  n1 .*recv.*c5->n1 #2.*"), lines.get(1));
        assertTrue(lines.get(2).matches("\\s+5  n0 .*propose.*forwarded"), lines.get(2));
        assertTrue(lines.get(3).matches("\\s+9  n1 .*send.*send_ok"), lines.get(3));
    }

    @Test
    void saysHowToGetTheLinesWhenTheNodesLoggedAtInfo() throws IOException {
        log("n0", "{\"time\":1,\"level\":\"info\",\"node\":\"n0\",\"event\":\"leader\",\"msg\":\"leader for term 1\"}");
        assertEquals(1, trace(run.toString(), "c5", "2"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("rerun with the node argument log=debug"), err::toString);
    }

    @Test
    void aFolderWithoutNodeLogsOrBadArgumentsIsAClearError() {
        assertEquals(254, trace(run.toString(), "c5", "2"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no node logs"), err::toString);
        assertEquals(254, trace(run.toString(), "c5"));
        assertEquals(254, trace(run.toString(), "c5", "two"));
    }
}
