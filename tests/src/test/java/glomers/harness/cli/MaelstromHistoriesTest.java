package glomers.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import glomers.harness.check.CheckResult;
import glomers.harness.check.Validity;
import glomers.harness.history.HistoryFile;
import glomers.harness.run.Checks;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The check command's logic on histories recorded by real Maelstrom v0.2.4 runs
 * (src/test/resources/maelstrom-histories): it must reach Maelstrom's own verdict and fields.
 */
class MaelstromHistoriesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Path root() {
        try {
            return Path.of(MaelstromHistoriesTest.class.getResource("/maelstrom-histories").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each run folder, as workload/run. */
    static Stream<String> runs() throws IOException {
        List<String> runs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root())) {
            files.filter(p -> p.getFileName().toString().equals("verdict.json"))
                    .forEach(p -> runs.add(root().relativize(p.getParent()).toString().replace('\\', '/')));
        }
        return runs.stream().sorted();
    }

    @Test
    void everyCopiedRunIsHere() throws IOException {
        assertEquals(List.of("g-counter/gcounter-broken-local-only", "g-counter/gcounter-broken-sum-merge",
                "g-counter/gcounter-peerA", "g-counter/gcounter-peerC", "g-set/gset-broken-drop-every-10th",
                "g-set/gset-broken-never-replicate", "g-set/gset-demo-js", "pn-counter/pncounter-broken-ignore-negative",
                "pn-counter/pncounter-broken-max-merge", "pn-counter/pncounter-demo-js"), runs().toList());
    }

    private static Object validity(Validity v) {
        return switch (v) {
            case TRUE -> true;
            case FALSE -> false;
            case UNKNOWN -> "unknown";
        };
    }

    private static Object verdictField(JsonNode verdict, String name) {
        JsonNode v = verdict.get(name);
        return v.isBoolean() ? v.booleanValue() : v.asText();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void checkReachesMaelstromsVerdict(String run) throws IOException {
        Path dir = root().resolve(run);
        String workload = run.substring(0, run.indexOf('/'));
        JsonNode verdict = JSON.readTree(dir.resolve("verdict.json").toFile());
        List<CheckResult> results = CheckCommand.check(workload, CheckCommand.DEFAULT_CONSISTENCY_MODELS,
                Optional.empty(), HistoryFile.read(dir.resolve("history.jsonl.gz")));

        assertEquals(verdictField(verdict, "valid"), validity(Checks.verdict(results)), run + ": composed verdict");
        CheckResult own = results.get(results.size() - 1);
        assertEquals(verdictField(verdict, "workload_valid"), validity(own.valid()), run + ": " + own.checker());
        if (workload.equals("g-set")) {
            assertEquals(verdict.get("lost_count").longValue(), own.fields().get("lost-count"), run + ": lost-count");
        } else {
            assertEquals(JSON.convertValue(verdict.get("final_reads"), new TypeReference<List<Long>>() { }),
                    own.fields().get("final-reads"), run + ": final-reads");
            assertEquals(JSON.convertValue(verdict.get("acceptable"), new TypeReference<List<List<Long>>>() { }),
                    own.fields().get("acceptable"), run + ": acceptable");
        }
    }
}
