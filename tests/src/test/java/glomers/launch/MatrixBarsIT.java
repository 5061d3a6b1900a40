package glomers.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run-scripts/matrix} on "real Maelstrom": a stand-in {@code maelstrom} that leaves a
 * recorded run's results.edn where Maelstrom leaves its own. The matrix must read the figures
 * from it and mark each bar, and exit non-zero when one is missed (that g-set run's stable
 * latencies are far above 3d's bars).
 */
class MatrixBarsIT {

    private static final Path ROOT = Path.of(System.getProperty("glomers.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void barsAreCheckedOnMaelstromsResultsToo() throws Exception {
        Path edn = dir.resolve("results.edn");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(
                ROOT.resolve("tests/src/test/resources/maelstrom-results/gset-demo-js/results.edn.gz")))) {
            Files.write(edn, in.readAllBytes());
        }
        Path fake = dir.resolve("maelstrom");
        Files.writeString(fake, "#!/bin/sh\nmkdir -p store/run && cp '" + edn + "' store/run/results.edn"
                + " && ln -sfn run store/latest\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("run-scripts/matrix").toString(), "4-gset", "3d")
                .redirectErrorStream(true);
        pb.environment().put("MAELSTROM_HOME", dir.toString());
        pb.environment().put("GLOMERS_RESULTS", dir.resolve("results").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), out);
        assertTrue(java.util.regex.Pattern.compile("(?m)^4-gset +g-set +valid +[0-9]+s  valid met$").matcher(out).find(),
                out);
        assertTrue(out.contains("srv-msgs-per-op 0.018 met < 30  stable-median 3317 MISSED < 400  stable-max 9904 MISSED < 600"), out);
        Path matrix;
        try (var dirs = Files.list(dir.resolve("results"))) {
            matrix = dirs.filter(m -> m.getFileName().toString().startsWith("matrix-")).findFirst().orElseThrow();
        }
        String page = Files.readString(matrix.resolve("matrix.html"));
        assertTrue(page.contains("<tr><td>4-gset</td><td>g-set</td><td><span class=\"met\">valid met</span>"), page);
        assertTrue(page.contains("<tr><td>3d</td><td>broadcast</td><td><span class=\"missed\">"), page);
    }
}
