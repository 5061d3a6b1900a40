package glomers.harness.check;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import glomers.harness.history.History;
import glomers.harness.history.HistoryFile;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The list-append checker's own analysis time on each Maelstrom corpus history against Elle's
 * {@code checker_seconds} from its verdict.json: the bar is at most a fifth on every history.
 * The history is read first; each run is one {@code check} call, as the checker's
 * {@code checker-seconds} counts it. Warm-up runs first, then the median of the measured runs,
 * wall and CPU time (the CPU time is the figure a shared machine cannot inflate). It measures,
 * so it runs only when asked:
 * {@code mvn -B -q -pl tests -am test -Dtest=ListAppendTimingTest -Dglomers.timing=true
 * -Dsurefire.failIfNoSpecifiedTests=false -Dglomers.cds.skip=true}.
 */
@EnabledIfSystemProperty(named = "glomers.timing", matches = "true")
class ListAppendTimingTest {

    private static final int WARM_UP = 5;
    private static final int RUNS = 9;

    @Test
    void analysisTakesAtMostAFifthOfEllesOnEveryCorpusHistory() throws IOException, URISyntaxException {
        Path root = Path.of(getClass().getResource("/maelstrom-histories/txn-list-append").toURI());
        List<Path> runs;
        try (Stream<Path> dirs = Files.list(root)) {
            runs = dirs.filter(Files::isDirectory).sorted().toList();
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ObjectMapper json = new ObjectMapper();
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-52s %6s %9s %9s %7s %7s%n",
                "history", "ops", "Elle (s)", "ours (s)", "cpu (s)", "ratio"));
        List<String> over = new ArrayList<>();
        for (Path dir : runs) {
            JsonNode verdict = json.readTree(dir.resolve("verdict.json").toFile());
            double elle = verdict.get("checker_seconds").doubleValue();
            String models = modelsOf(dir);
            History history = HistoryFile.read(dir.resolve("history.jsonl.gz"));
            ListAppendChecker checker = new ListAppendChecker(models);
            double[] wall = new double[RUNS];
            double[] cpu = new double[RUNS];
            for (int i = -WARM_UP; i < RUNS; i++) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                checker.check(history, Hist.NO_FACTS);
                if (i >= 0) {
                    wall[i] = (System.nanoTime() - t0) / 1e9;
                    cpu[i] = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
                }
            }
            double ours = median(wall);
            table.append(String.format(Locale.ROOT, "%-52s %6d %9.3f %9.3f %7.3f %7.3f%n", dir.getFileName(),
                    history.size(), elle, ours, median(cpu), ours / elle));
            if (ours > elle / 5) {
                over.add(dir.getFileName() + " " + ours + " s > " + elle + " / 5");
            }
        }
        System.out.print(table);
        assertTrue(over.isEmpty(), "over the bar: " + over + "\n" + table);
    }

    private static String modelsOf(Path dir) throws IOException {
        for (String line : Files.readAllLines(dir.resolve("run.txt"))) {
            List<String> words = List.of(line.split("\\s+"));
            int i = words.indexOf("--consistency-models");
            if (line.startsWith("command:") && i >= 0) {
                return words.get(i + 1);
            }
        }
        return "strict-serializable";
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
