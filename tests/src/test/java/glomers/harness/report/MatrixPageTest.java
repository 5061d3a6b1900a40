package glomers.harness.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The matrix page: each challenge's earlier figures as numbers beside a sparkline of them. */
class MatrixPageTest {

    @TempDir
    Path results;

    private void run(String matrix, String id, double msgsPerOp, long stableMedian) throws Exception {
        Path dir = Files.createDirectories(results.resolve(matrix).resolve(id).resolve("run"));
        Files.writeString(dir.resolve("result.json"), "{\"verdict\":\"valid\",\"ok-fraction\":1.0,"
                + "\"net\":{\"servers\":{\"msgs-per-op\":" + msgsPerOp + "}},\"checks\":[{\"checker\":\"set-full\","
                + "\"fields\":{\"stable-latencies\":{\"0.5\":" + stableMedian + ",\"1\":" + (stableMedian * 2)
                + "}}}]}", StandardCharsets.UTF_8);
    }

    @Test
    void eachChallengeHasASparklineOfItsEarlierFiguresBesideTheNumbers() throws Exception {
        Path tsv = results.resolve("challenges.tsv");
        Files.writeString(tsv, "# id\tworkload\tbinary\tflags\tbar\n3b\tbroadcast\tbroadcast\t--node-count 5\tvalid\n"
                + "4\tg-counter\tg-counter\t--node-count 3\tvalid\n");
        run("matrix-20260101T000000Z", "3b", 2.5, 300);
        run("matrix-20260102T000000Z", "3b", 2.25, 250);
        run("matrix-20260103T000000Z", "3b", 2.0, 200);
        run("matrix-20260103T000000Z", "4", 0.1, 0);
        String html = Files.readString(MatrixPage.write(results.resolve("matrix-20260103T000000Z"), tsv));
        for (String chart : new String[] {"trend-3b-msgs-per-op", "trend-3b-stable-median", "trend-4-msgs-per-op"}) {
            assertTrue(Pattern.compile("<img data-chart=\"" + chart + "\" alt=\"[^\"]+\" src=\"data:image/png;base64,"
                    + "[A-Za-z0-9+/=]{200,}\">").matcher(html).find(), chart + " in " + html.replaceAll("base64,[^\"]+", ""));
        }
        assertTrue(html.contains("\">\n2.500, 2.250</td>"), "the numbers stay beside the chart");
        assertTrue(html.contains("\">\n300, 250</td>"), "stable median of the earlier runs");
    }
}
