package glomers.harness.net;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * {@code messages.jsonl.gz} in a run folder, so the run page can be rebuilt from the folder. The
 * first line is a header: the counts, and sends per second by group for the whole run. Then one
 * line per recorded message in send order, times in ns of relative time (negative before time
 * 0, i.e. init), {@code sent_ns} always first so a reader can skip lines without parsing them:
 * <pre>{"sent_ns":12,"recv_ns":5000012,"src":"n0","dest":"n1","type":"append","msg_id":3,
 * "in_reply_to":null,"fate":"delivered","body":"{\"entries\":…"}</pre>
 * Dropped messages carry {@code due_ns} instead of {@code recv_ns}, duplicates {@code "copy":true}.
 */
public final class MessageLogFile {

    public static final String NAME = "messages.jsonl.gz";
    private static final String FORMAT = "glomers-messages-1";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SENT_PREFIX = "{\"sent_ns\":";

    private MessageLogFile() {
    }

    /** The header: what the whole run sent, recorded or not. */
    public record Header(long recorded, long unrecorded, long sends, long recvs, Map<String, int[]> perSecond) {
    }

    /** One recorded message; {@code doneNs} is delivery or (dropped) due time, -1 if neither. */
    public record Entry(long sentNs, long doneNs, String src, String dest, String type, long msgId, long inReplyTo,
                        String fate, boolean copy, String body) {
    }

    /**
     * Where a page's messages come from: a run folder's file, or, when the page is written at the
     * end of the run, the run's log still in memory (the same entries, without reading the file back).
     */
    public interface Source {
        /** As {@link #read(Path, List, int[], List)}. */
        Header read(List<long[]> windowsNs, int[] maxPerWindow, List<Entry> into) throws IOException;
    }

    public static Source source(Path file) {
        return (windowsNs, maxPerWindow, into) -> read(file, windowsNs, maxPerWindow, into);
    }

    public static Source source(MessageLog log) {
        return (windowsNs, maxPerWindow, into) -> select(log, windowsNs, maxPerWindow, into);
    }

    public static void write(MessageLog log, Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(new FastGzip(Files.newOutputStream(file)), 1 << 16);
             JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.setRootValueSeparator(null);
            header(log, g);
            long origin = log.originNs();
            for (int i = 0; i < log.size(); i++) {
                g.writeStartObject();
                g.writeNumberField("sent_ns", log.sentNs(i) - origin);
                MessageLog.Fate fate = log.fate(i);
                if (fate == MessageLog.Fate.DELIVERED) {
                    g.writeNumberField("recv_ns", log.doneNs(i) - origin);
                } else if (fate == MessageLog.Fate.DROPPED) {
                    g.writeNumberField("due_ns", log.doneNs(i) - origin);
                }
                g.writeStringField("src", log.src(i));
                g.writeStringField("dest", log.dest(i));
                g.writeStringField("type", log.type(i));
                optionalId(g, "msg_id", log.msgId(i));
                optionalId(g, "in_reply_to", log.inReplyTo(i));
                g.writeStringField("fate", fateName(fate));
                if (log.isCopy(i)) {
                    g.writeBooleanField("copy", true);
                }
                g.writeStringField("body", log.excerpt(i));
                g.writeEndObject();
                g.writeRaw('\n');
            }
        }
    }

    private static String fateName(MessageLog.Fate fate) {
        return fate.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Sends per second by group, every array cut to the last second anything was sent. */
    private static Map<String, int[]> perSecond(MessageLog log) {
        int seconds = 0;
        for (int[] counts : log.perSecond().values()) {
            for (int s = counts.length - 1; s >= seconds; s--) {
                if (counts[s] != 0) {
                    seconds = s + 1;
                    break;
                }
            }
        }
        Map<String, int[]> cut = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : log.perSecond().entrySet()) {
            cut.put(e.getKey(), Arrays.copyOf(e.getValue(), seconds));
        }
        return cut;
    }

    private static void header(MessageLog log, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("format", FORMAT);
        g.writeNumberField("recorded", log.size());
        g.writeNumberField("unrecorded", log.unrecorded());
        g.writeNumberField("sends", log.sends());
        g.writeNumberField("recvs", log.recvs());
        g.writeObjectFieldStart("sends_per_second");
        for (Map.Entry<String, int[]> e : perSecond(log).entrySet()) {
            int[] counts = e.getValue();
            g.writeFieldName(e.getKey());
            g.writeArray(counts, 0, counts.length);
        }
        g.writeEndObject();
        g.writeEndObject();
        g.writeRaw('\n');
    }

    private static void optionalId(JsonGenerator g, String name, long id) throws IOException {
        if (id >= 0) {
            g.writeNumberField(name, id);
        } else {
            g.writeNullField(name);
        }
    }

    public static Header readHeader(Path file) throws IOException {
        try (BufferedReader in = reader(file)) {
            return header(in.readLine());
        }
    }

    /**
     * The header, and the recorded messages sent within any of {@code windowsNs} ([from, to]
     * pairs of relative ns), at most {@code maxPerWindow[w]} in window w. It stops reading after the
     * last window's end, and skips lines outside the windows without parsing them.
     */
    public static Header read(Path file, List<long[]> windowsNs, int[] maxPerWindow, List<Entry> into)
            throws IOException {
        Windows windows = new Windows(windowsNs, maxPerWindow);
        try (BufferedReader in = reader(file)) {
            Header header = header(in.readLine());
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                long sent = sentNs(line);
                if (windows.past(sent)) {
                    break;
                }
                if (windows.take(sent)) {
                    into.add(entry(MAPPER.readTree(line)));
                }
            }
            return header;
        }
    }

    /** As {@link #read(Path, List, int[], List)}, from the log itself. */
    static Header select(MessageLog log, List<long[]> windowsNs, int[] maxPerWindow, List<Entry> into) {
        Windows windows = new Windows(windowsNs, maxPerWindow);
        long origin = log.originNs();
        for (int i = 0; i < log.size(); i++) {
            long sent = log.sentNs(i) - origin;
            if (windows.past(sent)) {
                break;
            }
            if (windows.take(sent)) {
                MessageLog.Fate fate = log.fate(i);
                boolean done = fate == MessageLog.Fate.DELIVERED || fate == MessageLog.Fate.DROPPED;
                into.add(new Entry(sent, done ? log.doneNs(i) - origin : -1, log.src(i), log.dest(i), log.type(i),
                        log.msgId(i), log.inReplyTo(i), fateName(fate), log.isCopy(i), log.excerpt(i)));
            }
        }
        return new Header(log.size(), log.unrecorded(), log.sends(), log.recvs(), perSecond(log));
    }

    /** The spans a reader wants, each with its cap, over messages met in send order. */
    private static final class Windows {
        private final List<long[]> spansNs;
        private final int[] max;
        private final int[] taken;
        private long end = Long.MIN_VALUE;

        Windows(List<long[]> spansNs, int[] max) {
            this.spansNs = spansNs;
            this.max = max;
            this.taken = new int[spansNs.size()];
            for (long[] w : spansNs) {
                end = Math.max(end, w[1]);
            }
        }

        /** Sent after every span's end: nothing later is wanted. */
        boolean past(long sentNs) {
            return sentNs > end;
        }

        /** Whether a span not yet full wants a message sent then; it counts against that span. */
        boolean take(long sentNs) {
            for (int w = 0; w < spansNs.size(); w++) {
                if (sentNs >= spansNs.get(w)[0] && sentNs <= spansNs.get(w)[1] && taken[w] < max[w]) {
                    taken[w]++;
                    return true;
                }
            }
            return false;
        }
    }

    private static long sentNs(String line) throws IOException {
        if (!line.startsWith(SENT_PREFIX)) {
            throw new IOException("not a message line: " + line.substring(0, Math.min(60, line.length())));
        }
        int i = SENT_PREFIX.length();
        int j = i;
        while (j < line.length() && line.charAt(j) != ',' && line.charAt(j) != '}') {
            j++;
        }
        return Long.parseLong(line, i, j, 10);
    }

    private static Entry entry(JsonNode n) {
        long done = n.has("recv_ns") ? n.get("recv_ns").asLong() : n.has("due_ns") ? n.get("due_ns").asLong() : -1;
        return new Entry(n.path("sent_ns").asLong(), done, n.path("src").asText(), n.path("dest").asText(),
                n.path("type").asText(), n.path("msg_id").asLong(-1), n.path("in_reply_to").asLong(-1),
                n.path("fate").asText(), n.path("copy").asBoolean(false), n.path("body").asText());
    }

    private static Header header(String line) throws IOException {
        if (line == null) {
            throw new IOException("empty message log");
        }
        JsonNode h = MAPPER.readTree(line);
        if (!FORMAT.equals(h.path("format").asText())) {
            throw new IOException("not a " + FORMAT + " header");
        }
        Map<String, int[]> perSecond = new LinkedHashMap<>();
        h.path("sends_per_second").fields().forEachRemaining(e -> {
            int[] counts = new int[e.getValue().size()];
            for (int s = 0; s < counts.length; s++) {
                counts[s] = e.getValue().get(s).asInt();
            }
            perSecond.put(e.getKey(), counts);
        });
        return new Header(h.path("recorded").asLong(), h.path("unrecorded").asLong(), h.path("sends").asLong(),
                h.path("recvs").asLong(), perSecond);
    }

    private static BufferedReader reader(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file), 1 << 16),
                StandardCharsets.UTF_8), 1 << 16);
    }

    /** The log is written at the end of every run; speed matters more than the last few percent of size. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    /** For tests and tools: every recorded message. */
    public static List<Entry> readAll(Path file) throws IOException {
        List<Entry> all = new ArrayList<>();
        read(file, List.of(new long[] {Long.MIN_VALUE, Long.MAX_VALUE}), new int[] {Integer.MAX_VALUE}, all);
        return all;
    }
}
