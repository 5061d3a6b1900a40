package glomers.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code harness.jar check} through the CLI entry: output, JSON and exit codes. */
class CheckCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return HarnessMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static String fixture(String run) {
        return MaelstromHistoriesTest.root().resolve(run).resolve("history.jsonl.gz").toString();
    }

    @Test
    void aValidMaelstromRunExitsZero() {
        assertEquals(0, run("check", "-w", "g-counter", fixture("g-counter/gcounter-peerA")), err());
        assertTrue(out().contains("verdict            valid (exit 0)"), out());
        assertTrue(out().contains("check counter      true"), out());
        assertTrue(out().contains("final-reads-exact=true"), "the extra finding is shown: " + out());
        assertTrue(out().contains("check net          not recomputed"), out());
    }

    @Test
    void anInvalidMaelstromRunExitsOne() {
        assertEquals(1, run("check", "-w", "g-set", fixture("g-set/gset-broken-drop-every-10th")), err());
        assertTrue(out().contains("verdict            INVALID (exit 1)"), out());
        assertTrue(out().contains("lost-count=93"), out());
    }

    @Test
    void aListAppendRunDirectoryIsJudgedByElleListAppend() {
        String runDir = MaelstromHistoriesTest.root().resolve("txn-list-append/txn-list-append-broken-duplicate-append")
                .toString();
        assertEquals(1, run("check", "-w", "txn-list-append", runDir), err());
        assertTrue(out().contains("history.jsonl.gz (3844 ops)"), "the directory's history: " + out());
        assertTrue(out().contains("check txn-list-append false"), out());
        assertTrue(out().contains("duplicate-elements=op "), "the first case in words: " + out());
        assertTrue(out().contains("checker-seconds="), out());
    }

    @Test
    void linKvRunFoldersAreJudgedPerKeyWithTheFailingKeyExplained() {
        String broken = MaelstromHistoriesTest.root().resolve("lin-kv/lin-kv-broken-old-value").toString();
        assertEquals(1, run("check", "-w", "lin-kv", broken), err());
        assertTrue(out().contains("check linearizable false"), out());
        assertTrue(out().contains("failures=[0]"), out());
        assertTrue(out().matches("(?s).*\n  explanation +key 0: p.*"), out());
        String valid = MaelstromHistoriesTest.root().resolve("lin-kv/lin-kv-demo-raft-py-5n-partition").toString();
        assertEquals(0, run("check", "-w", "lin-kv", valid), err());
        assertTrue(out().contains("key-count=3"), out());
    }

    @Test
    void jsonHoldsTheChecksAsResultJsonDoes() throws IOException {
        assertEquals(1, run("check", "--workload=pn-counter", "--json",
                fixture("pn-counter/pncounter-broken-ignore-negative")), err());
        JsonNode r = new ObjectMapper().readTree(out());
        assertEquals("INVALID", r.path("verdict").asText());
        assertEquals(1, r.path("exit-code").asInt());
        JsonNode checks = r.path("checks");
        assertEquals(3, checks.size(), "stats, availability, counter: " + checks);
        assertEquals("stats", checks.get(0).path("checker").asText());
        JsonNode counter = checks.get(2);
        assertEquals("counter", counter.path("checker").asText());
        assertEquals("false", counter.path("valid").asText());
        assertEquals("[[-437,-437]]", counter.path("fields").path("acceptable").toString());
        assertEquals(-437, counter.path("extra-findings").path("acknowledged-sum").asLong());
        assertTrue(r.path("not-recomputed").has("net"));
    }

    @Test
    void txnHistoriesAreJudgedUnderTheGivenConsistencyModels() throws IOException {
        String peerA = fixture("txn-rw-register/txn-peerA-6b-ru");
        assertEquals(0, run("check", "-w", "txn-rw-register", "--consistency-models", "read-uncommitted", peerA), out());
        assertTrue(out().contains("check txn-rw-register true  valid?=true  anomaly-types=[]"), out());
        assertEquals(1, run("check", "-w", "txn-rw-register", peerA), "strict-serializable by default");
        assertTrue(out().contains("G2-item") && out().contains("lost-update"), out());

        assertEquals(1, run("check", "-w", "txn-rw-register", "--consistency-models=read-committed", "--json",
                fixture("txn-rw-register/txn-broken-aborted-read")), err());
        JsonNode txn = new ObjectMapper().readTree(out()).path("checks").get(2);
        assertEquals("txn-rw-register", txn.path("checker").asText());
        assertEquals("[\"G1a\"]", txn.path("fields").path("anomaly-types").toString());
        assertEquals("[\"read-committed\"]", txn.path("fields").path("not").toString());
        JsonNode g1a = txn.path("fields").path("anomalies").path("G1a").get(0);
        assertEquals("fail", g1a.path("writer").path("type").asText(), "the writer of the read value failed: " + g1a);
    }

    @Test
    void modelsThatMaelstromWouldNotParseMakeTheVerdictUnknown() {
        // Maelstrom splits on " , " only, so "a,b" is one unknown model and Elle throws.
        assertEquals(2, run("check", "-w", "txn-rw-register", "--consistency-models", "read-committed,serializable",
                fixture("txn-rw-register/txn-peerB-6c-rc-partition")), out());
        assertTrue(out().contains("check txn-rw-register unknown"), out());
        assertEquals(1, run("check", "-w", "txn-rw-register", "--consistency-models", "read-committed , serializable",
                fixture("txn-rw-register/txn-peerB-6c-rc-partition")), out());
    }

    @Test
    void availabilityIsAppliedToTheHistory() {
        Path file = dir.resolve("history.jsonl");
        String lines = "{\"index\":0,\"process\":\"0\",\"type\":\"invoke\",\"f\":\"add\",\"value\":1,\"time\":1}\n"
                + "{\"index\":1,\"process\":\"0\",\"type\":\"ok\",\"f\":\"add\",\"value\":1,\"time\":2}\n"
                + "{\"index\":2,\"process\":\"0\",\"type\":\"invoke\",\"f\":\"read\",\"value\":null,\"time\":3}\n"
                + "{\"index\":3,\"process\":\"0\",\"type\":\"info\",\"f\":\"read\",\"value\":null,\"time\":4,"
                + "\"error\":\":net-timeout\"}\n"
                + "{\"index\":4,\"process\":\"1\",\"type\":\"invoke\",\"f\":\"read\",\"value\":null,\"time\":5}\n"
                + "{\"index\":5,\"process\":\"1\",\"type\":\"ok\",\"f\":\"read\",\"value\":1,\"time\":6}\n";
        try {
            Files.writeString(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        assertEquals(0, run("check", "-w", "g-counter", file.toString()), err() + out());
        assertEquals(1, run("check", "-w", "g-counter", "--availability", "total", file.toString()), out());
        assertTrue(out().contains("check availability false"), out());
    }

    @Test
    void aMissingFileIsABadArgument() {
        Path missing = dir.resolve("absent.jsonl.gz");
        assertEquals(254, run("check", "-w", "g-set", missing.toString()));
        assertTrue(err().contains("no such history file: " + missing), err());
    }

    @Test
    void aMalformedFileNamesTheLine() throws IOException {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"index\":0,\"process\":\"0\",\"type\":\"invoke\",\"f\":\"read\",\"value\":null,"
                + "\"time\":1}\nnot json\n", StandardCharsets.UTF_8);
        assertEquals(254, run("check", "-w", "g-set", file.toString()));
        assertTrue(err().contains(file + " line 2: not one JSON value"), err());
    }

    @Test
    void aFileThatIsNotGzipDespiteItsNameIsUnreadable() throws IOException {
        Path file = dir.resolve("plain.jsonl.gz");
        Files.writeString(file, "{}\n", StandardCharsets.UTF_8);
        assertEquals(254, run("check", "-w", "g-set", file.toString()));
        assertTrue(err().contains("cannot read " + file), err());
    }

    @Test
    void badArgumentsExit254WithUsage() {
        String history = fixture("g-set/gset-demo-js");
        assertEquals(254, run("check", history));
        assertTrue(err().contains("check needs -w WORKLOAD") && err().contains("usage:"), err());
        assertEquals(254, run("check", "-w", "no-such-workload", history));
        assertTrue(err().contains("unknown workload no-such-workload"), err());
        assertEquals(254, run("check", "-w", "g-set"));
        assertTrue(err().contains("exactly one history file"), err());
        assertEquals(254, run("check", "-w", "g-set", "--bin", "x", history));
        assertTrue(err().contains("unknown option for check: --bin"), err());
    }
}
