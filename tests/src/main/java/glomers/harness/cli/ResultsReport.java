package glomers.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code harness.jar report DIR}: one line per result.json found under DIR (as the run-scripts'
 * matrix leaves them), so runs can be compared at a glance.
 */
final class ResultsReport {

    private ResultsReport() {
    }

    static int print(Path dir, PrintStream out) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(p -> p.getFileName().toString().equals("result.json")).sorted().forEach(files::add);
        } catch (IOException e) {
            System.err.println("harness: cannot read " + dir + ": " + e);
            return 2;
        }
        ObjectMapper json = new ObjectMapper();
        out.printf("%-6s %-12s %-8s %-20s %-9s %-5s %8s %9s %9s %14s  %s%n", "run", "workload", "mode", "seed", "verdict",
                "conv", "ok-frac", "msgs/op", "srv/op", "stable p50/max", "latency p50/p99/max ms per op");
        for (Path file : files) {
            try {
                JsonNode r = json.readTree(file.toFile());
                StringBuilder lat = new StringBuilder();
                r.path("latency-ms").fields().forEachRemaining(e -> lat.append(String.format(Locale.ROOT,
                        "%s %.1f/%.1f/%.1f  ", e.getKey(), e.getValue().path("p50").asDouble(),
                        e.getValue().path("p99").asDouble(), e.getValue().path("max").asDouble())));
                out.printf(Locale.ROOT, "%-6s %-12s %-8s %-20s %-9s %-5s %8.4f %9.3f %9.3f %14s  %s%n", label(dir, file),
                        r.path("workload").asText(),
                        r.path("mode").asText(), r.path("seed").asText(), r.path("verdict").asText(),
                        convergence(r),
                        r.path("ok-fraction").asDouble(), r.path("net").path("all").path("msgs-per-op").asDouble(),
                        r.path("net").path("servers").path("msgs-per-op").asDouble(), stableLatencies(r),
                        lat.toString().trim());
            } catch (IOException e) {
                out.println(file + ": unreadable (" + e.getMessage() + ")");
            }
        }
        return 0;
    }

    /** Beyond Maelstrom, the transaction workloads' convergence check: yes, NO, or - where it did not run. */
    private static String convergence(JsonNode result) {
        JsonNode converged = result.path("convergence").path("converged");
        return converged.isBoolean() ? (converged.asBoolean() ? "yes" : "NO") : "-";
    }

    /** The first folder under DIR: the challenge id when the matrix wrote the results. */
    private static String label(Path dir, Path file) {
        Path relative = dir.relativize(file);
        return relative.getNameCount() > 2 ? relative.getName(0).toString() : "-";
    }

    /** Broadcast and g-set: set-full's stable latency median and maximum, in ms. */
    private static String stableLatencies(JsonNode result) {
        for (JsonNode check : result.path("checks")) {
            JsonNode stable = check.path("fields").path("stable-latencies");
            if (stable.isObject() && stable.size() > 0) {
                return String.format(Locale.ROOT, "%.0f/%.0f", stable.path("0.5").asDouble(), stable.path("1").asDouble());
            }
        }
        return "-";
    }
}
