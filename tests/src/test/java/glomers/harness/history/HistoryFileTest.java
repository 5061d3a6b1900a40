package glomers.harness.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    /** Every kind of line: client ops of each type, a final read, an error, nemesis events. */
    private static History sample() throws IOException {
        History h = new History();
        h.add(0, Op.Type.INVOKE, "add", JsonNodeFactory.instance.numberNode(3L), 14_120_127L, false, null);
        h.add(Op.NEMESIS, Op.Type.INFO, "start-partition", json("\"majority\""), 20_000_000L, false, null);
        h.add(Op.NEMESIS, Op.Type.INFO, "start-partition", json("[\"isolated\",{\"n0\":[\"n2\"]}]"), 21_000_000L,
                false, null);
        h.add(0, Op.Type.OK, "add", json("3"), 30_000_000L, false, null);
        h.add(12, Op.Type.INVOKE, "read", NullNode.getInstance(), 31_000_000L, false, null);
        h.add(12, Op.Type.INFO, "read", NullNode.getInstance(), 5_031_000_000L, false, ":net-timeout");
        h.add(1, Op.Type.INVOKE, "txn", json("[[\"r\",5,null],[\"w\",6,3]]"), 5_100_000_000L, false, null);
        h.add(1, Op.Type.FAIL, "txn", json("[[\"r\",5,null],[\"w\",6,3]]"), 5_200_000_000L, false,
                "[:txn-conflict \"txn conflict\"]");
        h.add(24, Op.Type.INVOKE, "read", NullNode.getInstance(), 9_000_000_000L, true, null);
        h.add(24, Op.Type.OK, "read", json("[1,2,12345678901234567890]"), 9_100_000_000L, true, null);
        return h;
    }

    private static void assertSameOps(History expected, History actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            Op e = expected.ops().get(i);
            Op a = actual.ops().get(i);
            // Integers come back as the narrowest node that holds them; compare them as JSON text.
            assertEquals(e.value().toString(), a.value().toString(), "value of op " + i);
            assertEquals(new Op(e.index(), e.process(), e.type(), e.f(), null, e.timeNanos(), e.finalRead(), e.error()),
                    new Op(a.index(), a.process(), a.type(), a.f(), null, a.timeNanos(), a.finalRead(), a.error()),
                    "op " + i);
        }
    }

    @Test
    void whatIsWrittenReadsBackTheSamePlainAndGzipped() throws IOException {
        History h = sample();
        for (String name : List.of("history.jsonl", "history.jsonl.gz")) {
            Path file = dir.resolve(name);
            HistoryFile.write(h, file);
            assertSameOps(h, HistoryFile.read(file));
        }
        byte[] gz = Files.readAllBytes(dir.resolve("history.jsonl.gz"));
        assertEquals(0x1f, gz[0] & 0xff, "a .gz name gets a gzip stream");
    }

    @Test
    void linesHaveTheReferenceHistoriesKeysInOrder() throws IOException {
        Path file = dir.resolve("history.jsonl");
        HistoryFile.write(sample(), file);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals("{\"index\":0,\"process\":\"0\",\"type\":\"invoke\",\"f\":\"add\",\"value\":3,\"time\":14120127}",
                lines.get(0), "the format of shared/maelstrom-histories/README.md");
        assertEquals("{\"index\":1,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"start-partition\","
                + "\"value\":\"majority\",\"time\":20000000}", lines.get(1));
        assertEquals("{\"index\":5,\"process\":\"12\",\"type\":\"info\",\"f\":\"read\",\"value\":null,"
                + "\"time\":5031000000,\"error\":\":net-timeout\"}", lines.get(5));
        assertEquals("{\"index\":8,\"process\":\"24\",\"type\":\"invoke\",\"f\":\"read\",\"value\":null,"
                + "\"time\":9000000000,\"final\":true}", lines.get(8));
    }

    private void assertMalformed(String content, String expected) throws IOException {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        HistoryFile.Malformed e = assertThrows(HistoryFile.Malformed.class, () -> HistoryFile.read(file), content);
        assertTrue(e.getMessage().startsWith(file + " line "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage() + " should say " + expected);
    }

    @Test
    void aMalformedLineIsNamed() throws IOException {
        String ok = "{\"index\":0,\"process\":\"0\",\"type\":\"invoke\",\"f\":\"read\",\"value\":null,\"time\":1}\n";
        assertMalformed(ok + "{\"index\":1,\n", "line 2: not one JSON value");
        assertMalformed(ok + "\n", "line 2: blank line");
        assertMalformed(ok + "[1]\n", "line 2: not a JSON object");
        assertMalformed(ok + "{} {}\n", "line 2: not one JSON value");
        assertMalformed(ok.replace("\"index\":0", "\"index\":1"), "line 1: index is 1, expected 0");
        assertMalformed(ok.replace("\"0\"", "0"), "line 1: process is 0");
        assertMalformed(ok.replace("\"0\"", "\"n0\""), "line 1: process is \"n0\"");
        assertMalformed(ok.replace("invoke", "begin"), "line 1: type is \"begin\"");
        assertMalformed(ok.replace("\"f\":\"read\"", "\"f\":7"), "line 1: f is 7");
        assertMalformed(ok.replace("\"value\":null,", ""), "line 1: no value");
        assertMalformed(ok.replace("\"time\":1", "\"time\":1.5"), "line 1: time is 1.5");
        assertMalformed(ok.replace("}", ",\"final\":\"yes\"}"), "line 1: final is \"yes\"");
        assertMalformed(ok.replace("}", ",\"error\":[1]}"), "line 1: error is [1]");
        assertMalformed(ok.replace("}", ",\"debug\":1}"), "line 1: unknown key \"debug\"");
    }

    @Test
    void aMissingFileIsNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> HistoryFile.read(dir.resolve("absent.jsonl.gz")));
    }
}
