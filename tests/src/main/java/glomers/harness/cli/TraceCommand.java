package glomers.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code harness.jar trace RUN_DIR CLIENT MSG_ID}: every node's log line about one client
 * request, in time order, from a run folder's {@code nodes/*.log} (both modes leave them there).
 * A line is about the request when it names it as its {@code req} (the core stamps the request's
 * own handling, the peers' work it asks for, and the reply), or when it is the request or its
 * reply. Nodes log each message they receive and send only at debug level ({@code log=debug}).
 */
final class TraceCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One log line of one node. */
    record Line(String file, int number, long time, JsonNode json) {
    }

    private TraceCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() != 3 || !args.get(2).matches("\\d+")) {
            err.println("usage: java -jar tests/target/harness.jar trace RUN_DIR CLIENT MSG_ID"
                    + "   (for example: trace results/kafka-20261201T120000 c12 34)");
            return 254;
        }
        Path nodes = Path.of(args.get(0)).resolve("nodes");
        if (!Files.isDirectory(nodes)) {
            err.println("harness: no node logs in " + nodes + " (is " + args.get(0) + " a run folder?)");
            return 254;
        }
        String client = args.get(1);
        long msgId = Long.parseLong(args.get(2));
        List<Line> lines;
        try {
            lines = read(nodes);
        } catch (IOException e) {
            err.println("harness: cannot read the node logs in " + nodes + ": " + e);
            return 254;
        }
        List<Line> about = lines.stream().filter(l -> isAbout(l.json(), client, msgId))
                .sorted(Comparator.comparingLong(Line::time)).toList();
        if (about.isEmpty()) {
            boolean debug = lines.stream().anyMatch(l -> l.json().path("level").asText().equals("debug"));
            err.println("no log line names " + client + "'s request " + msgId + " in " + nodes
                    + (debug ? "" : "; the nodes logged at info, which leaves out every message:"
                    + " rerun with the node argument log=debug"));
            return 1;
        }
        long start = about.get(0).time();
        out.printf(Locale.ROOT, "%s's request %d: %d lines from %d nodes (times in ms after the first line)%n",
                client, msgId, about.size(), about.stream().map(Line::file).distinct().count());
        for (Line l : about) {
            JsonNode j = l.json();
            String message = j.has("src") ? j.path("src").asText() + "->" + j.path("dest").asText()
                    + (j.has("msg_id") ? " #" + j.path("msg_id").asText() : "")
                    + (j.has("in_reply_to") ? " re #" + j.path("in_reply_to").asText() : "") : "";
            out.printf(Locale.ROOT, "%8d  %-4s %-5s %-18s %-20s %s%n", l.time() - start, j.path("node").asText("?"),
                    j.path("level").asText(), j.path("event").asText(), message, j.path("msg").asText());
        }
        return 0;
    }

    static boolean isAbout(JsonNode line, String client, long msgId) {
        if (line.path("req").asText().equals(client + " " + msgId)) {
            return true;
        }
        boolean request = line.path("src").asText().equals(client) && line.path("msg_id").asLong(-1) == msgId;
        boolean reply = line.path("dest").asText().equals(client) && line.path("in_reply_to").asLong(-1) == msgId;
        return request || reply;
    }

    /** Every JSON line of every node log; plain-format lines (log-format=plain) are skipped. */
    static List<Line> read(Path nodes) throws IOException {
        List<Line> lines = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> listing = Files.list(nodes)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
        for (Path file : files) {
            int number = 0;
            for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                number++;
                if (!text.startsWith("{")) {
                    continue;
                }
                try {
                    JsonNode json = JSON.readTree(text);
                    lines.add(new Line(file.getFileName().toString(), number, json.path("time").asLong(), json));
                } catch (IOException e) {
                    // A torn last line of a killed node: nothing to trace in it.
                }
            }
        }
        return lines;
    }
}
