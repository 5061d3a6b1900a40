package glomers.harness.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A history as JSON lines, one op per line in history order, in the format of the Maelstrom
 * reference histories ({@code shared/maelstrom-histories/README.md}): {@code index},
 * {@code process} (a decimal string, or "nemesis"), {@code type}, {@code f}, {@code value},
 * {@code time} (ns), then {@code final} only when true and {@code error} only when present. A
 * file whose name ends in {@code .gz} is gzipped. This is the one place that knows the keys:
 * the run's reports write with it and {@code check} reads with it.
 */
public final class HistoryFile {

    private static final String INDEX = "index";
    private static final String PROCESS = "process";
    private static final String TYPE = "type";
    private static final String F = "f";
    private static final String VALUE = "value";
    private static final String TIME = "time";
    private static final String FINAL = "final";
    private static final String ERROR = "error";
    private static final String NEMESIS = "nemesis";
    private static final Set<String> KEYS = Set.of(INDEX, PROCESS, TYPE, F, VALUE, TIME, FINAL, ERROR);

    // A line holding two JSON values is a broken file, not one op.
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** A file that is not a history: says which file, which line, and what is wrong there. */
    public static final class Malformed extends IOException {
        Malformed(Path file, long line, String problem) {
            super(file + " line " + line + ": " + problem);
        }
    }

    private HistoryFile() {
    }

    public static void write(History history, Path file) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             OutputStream bytes = gzipped(file) ? new GZIPOutputStream(raw) : raw;
             BufferedWriter out = new BufferedWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8))) {
            for (Op op : history.ops()) {
                out.write(JSON.writeValueAsString(line(op)));
                out.write('\n');
            }
        }
    }

    /** The line for one op, keys in the reference histories' order. */
    public static ObjectNode line(Op op) {
        ObjectNode line = JSON.createObjectNode();
        line.put(INDEX, op.index());
        line.put(PROCESS, op.isClient() ? Long.toString(op.process()) : NEMESIS);
        line.put(TYPE, op.type().name().toLowerCase(Locale.ROOT));
        line.put(F, op.f());
        line.set(VALUE, op.value() == null ? NullNode.getInstance() : op.value());
        line.put(TIME, op.timeNanos());
        if (op.finalRead()) {
            line.put(FINAL, true);
        }
        if (op.error() != null) {
            line.put(ERROR, op.error());
        }
        return line;
    }

    /**
     * Reads a whole history. Every line must be one op with the keys above and no others, its
     * index its position from 0: anything else is {@link Malformed}, naming the line.
     *
     * @throws java.nio.file.NoSuchFileException if there is no such file
     */
    public static History read(Path file) throws IOException {
        History history = new History();
        try (InputStream raw = Files.newInputStream(file);
             InputStream bytes = gzipped(file) ? new GZIPInputStream(raw) : raw;
             BufferedReader in = new BufferedReader(new InputStreamReader(bytes, StandardCharsets.UTF_8))) {
            long lineNo = 0;
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                lineNo++;
                String problem = add(history, text);
                if (problem != null) {
                    throw new Malformed(file, lineNo, problem);
                }
            }
        }
        return history;
    }

    private static boolean gzipped(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().endsWith(".gz");
    }

    /** Appends the line's op; null when it did, else what is wrong with the line. */
    private static String add(History history, String text) {
        if (text.isBlank()) {
            return "blank line";
        }
        JsonNode line;
        try {
            line = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return "not one JSON value: " + e.getOriginalMessage();
        }
        if (line == null || !line.isObject()) {
            return "not a JSON object";
        }
        for (Iterator<String> it = line.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                return "unknown key \"" + key + "\"";
            }
        }
        JsonNode index = line.get(INDEX);
        if (index == null || !index.isIntegralNumber() || !index.canConvertToInt()
                || index.intValue() != history.size()) {
            return "index is " + index + ", expected " + history.size() + " (ops are numbered from 0 in file order)";
        }
        long process;
        JsonNode p = line.get(PROCESS);
        if (p == null || !p.isTextual()) {
            return "process is " + p + ", expected a decimal string or \"nemesis\"";
        } else if (p.textValue().equals(NEMESIS)) {
            process = Op.NEMESIS;
        } else if (p.textValue().matches("[0-9]{1,18}")) {
            process = Long.parseLong(p.textValue());
        } else {
            return "process is " + p + ", expected a decimal string or \"nemesis\"";
        }
        Op.Type type = type(line.get(TYPE));
        if (type == null) {
            return "type is " + line.get(TYPE) + ", expected \"invoke\", \"ok\", \"fail\" or \"info\"";
        }
        JsonNode f = line.get(F);
        if (f == null || !f.isTextual()) {
            return "f is " + f + ", expected a string";
        }
        JsonNode value = line.get(VALUE);
        if (value == null) {
            return "no value";
        }
        JsonNode time = line.get(TIME);
        if (time == null || !time.isIntegralNumber() || !time.canConvertToLong()) {
            return "time is " + time + ", expected integer nanoseconds";
        }
        JsonNode finalRead = line.get(FINAL);
        if (finalRead != null && !finalRead.isBoolean()) {
            return "final is " + finalRead + ", expected true";
        }
        JsonNode error = line.get(ERROR);
        if (error != null && !error.isTextual()) {
            return "error is " + error + ", expected a string";
        }
        history.add(process, type, f.textValue(), value, time.longValue(), finalRead != null && finalRead.booleanValue(),
                error == null ? null : error.textValue());
        return null;
    }

    private static Op.Type type(JsonNode t) {
        if (t == null || !t.isTextual()) {
            return null;
        }
        for (Op.Type type : Op.Type.values()) {
            if (type.name().toLowerCase(Locale.ROOT).equals(t.textValue())) {
                return type;
            }
        }
        return null;
    }
}
