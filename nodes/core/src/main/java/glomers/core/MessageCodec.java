package glomers.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.nio.charset.StandardCharsets;

/**
 * Reads and writes envelopes, one JSON object per line, always UTF-8. Writing never closes or
 * flushes the target: the runtime decides when a batch goes out.
 *
 * <p>Trees are built and written straight on Jackson's streaming parser and generator, with the
 * same results as {@code ObjectMapper.readTree} and {@code writeTree}: setting up an ObjectMapper
 * (type factory, date formats, locale data) is most of a node's time to its first reply, so the
 * mapper is only built if {@link #mapper()} is called.
 */
public final class MessageCodec {

    /** Lines longer than this are rejected before parsing, so one huge line cannot exhaust memory. */
    public static final int MAX_LINE_BYTES = 64 << 20;

    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            // A LineBuffer's generator writes one envelope after another, each its own line.
            .rootValueSeparator((SerializableString) null)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(MAX_LINE_BYTES)
                    .maxNestingDepth(200)
                    .build())
            .build();

    private static final JsonNodeFactory NODES = Bodies.nodes();

    private MessageCodec() {
    }

    public static Message parse(String line) throws MalformedMessageException {
        return parse(line.getBytes(StandardCharsets.UTF_8), 0, line.length() == 0 ? 0 : -1);
    }

    /** Parses {@code bytes[offset, offset+length)}; {@code length} -1 means to the end. */
    public static Message parse(byte[] bytes, int offset, int length) throws MalformedMessageException {
        int len = length < 0 ? bytes.length - offset : length;
        if (!isStrictUtf8(bytes, offset, len)) {
            throw new MalformedMessageException("not UTF-8 text (invalid or overlong sequence, or a zero byte)");
        }
        try (JsonParser parser = FACTORY.createParser(bytes, offset, len)) {
            return readEnvelope(parser);
        } catch (IOException | RuntimeException e) {
            throw new MalformedMessageException("not JSON: " + firstLine(e.getMessage()));
        }
    }

    /**
     * The envelope's fields straight off the parser, without a tree for the envelope itself: src
     * and dest as strings, the body as a tree, anything else (Maelstrom's {@code id}) read and
     * dropped. The whole line is read before any field is judged, so a syntax error anywhere
     * wins, as with a tree; a repeated field keeps its last value, as a tree would.
     */
    private static Message readEnvelope(JsonParser parser) throws IOException, MalformedMessageException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new MalformedMessageException("blank line");
        }
        if (first != JsonToken.START_OBJECT) {
            readValue(parser, first);
            requireEnd(parser);
            throw new MalformedMessageException("not a JSON object");
        }
        String src = null;
        String dest = null;
        JsonNode body = null;
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            JsonToken token = parser.nextToken();
            switch (name) {
                case "src" -> src = stringOrNull(parser, token);
                case "dest" -> dest = stringOrNull(parser, token);
                case "body" -> body = readValue(parser, token);
                default -> readValue(parser, token); // read in full, so it is checked as strictly
            }
        }
        requireEnd(parser);
        if (src == null || dest == null) {
            throw new MalformedMessageException("src and dest must be strings");
        }
        if (body == null || !body.isObject()) {
            throw new MalformedMessageException("body must be an object");
        }
        JsonNode type = body.get("type");
        if (type == null || !type.isTextual()) {
            throw new MalformedMessageException("body.type must be a string");
        }
        return new Message(src, dest, (ObjectNode) body);
    }

    /** The string at {@code token}, or null after reading any other value. */
    private static String stringOrNull(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        readValue(parser, token);
        return null;
    }

    private static void requireEnd(JsonParser parser) throws IOException {
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw new JsonParseException(parser, "trailing token (" + trailing + ") after the JSON value");
        }
    }

    /**
     * Writes one envelope and its newline, or nothing at all: the line is serialised in full
     * before its first byte reaches {@code out}, so a body Jackson cannot serialise never leaves
     * half a line that the next message would be glued to.
     */
    public static void write(Message message, OutputStream out) throws IOException {
        write(message, out, new LineBuffer());
    }

    /**
     * As above, serialising into {@code scratch}, which keeps its array for the next line (and
     * returning the line's length in bytes, newline included): a
     * broadcast node's {@code read_ok} with a million values is ~7 MB, and building it in a fresh
     * buffer that doubles its way up allocates ~16 MB per read, which under a 64 MB heap meant
     * several collections, full ones among them, for every read.
     */
    public static int write(Message message, OutputStream out, LineBuffer scratch) throws IOException {
        scratch.reset();
        try {
            JsonGenerator gen = scratch.generator();
            try {
                writeEnvelope(gen, message);
                gen.flush(); // into scratch only: FLUSH_PASSED_TO_STREAM is off
            } catch (IOException | RuntimeException e) {
                scratch.generator = null; // stopped inside the envelope; the next line needs a fresh one
                throw e instanceof IOException io ? io : new IOException("cannot serialise "
                        + message.body().path("type").asText() + " to " + message.dest(), e);
            }
            scratch.write('\n');
            scratch.writeTo(out);
            return scratch.size();
        } finally {
            scratch.release();
        }
    }

    /**
     * A line buffer to reuse across {@link #write(Message, OutputStream, LineBuffer)} calls on one
     * thread. It keeps its array up to {@link #KEEP_BYTES}; after a larger line it starts small
     * again, so one huge message does not stay resident. It also keeps the generator that writes
     * into it: a generator per line cost a generator, its context and a write context per nesting
     * level, about a quarter of what an echo allocated.
     */
    public static final class LineBuffer extends ByteArrayOutputStream {
        /** 16 MiB: room for a read of a million values (~8 MB) with margin. */
        static final int KEEP_BYTES = 16 << 20;
        private static final int INITIAL_BYTES = 1 << 12;

        public LineBuffer() {
            super(INITIAL_BYTES);
        }

        private JsonGenerator generator;

        int capacity() {
            return buf.length;
        }

        JsonGenerator generator() throws IOException {
            if (generator == null) {
                generator = FACTORY.createGenerator(this);
            }
            return generator;
        }

        void release() {
            if (buf.length > KEEP_BYTES) {
                buf = new byte[INITIAL_BYTES];
            }
            count = 0;
        }
    }

    private static void serialise(Message message, OutputStream out) throws IOException {
        try (JsonGenerator gen = FACTORY.createGenerator(out)) {
            writeEnvelope(gen, message);
        }
        out.write('\n');
    }

    private static void writeEnvelope(JsonGenerator gen, Message message) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("src", message.src());
        gen.writeStringField("dest", message.dest());
        gen.writeFieldName("body");
        writeValue(gen, message.body());
        gen.writeEndObject();
    }

    /** The envelope as one line, without the newline. */
    public static String encode(Message message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try {
            serialise(message, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8).stripTrailing();
    }

    /** A mapper configured like the codec; built on first use, never on the message path. */
    public static ObjectMapper mapper() {
        return MapperHolder.MAPPER;
    }

    /** Nesting is bounded by the factory's StreamReadConstraints, so the recursion is too. */
    private static JsonNode readValue(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = NODES.objectNode();
                for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                    object.set(name, readValue(parser, parser.nextToken()));
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(readValue(parser, next));
                }
                return array;
            }
            case VALUE_STRING:
                return NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                return readInteger(parser);
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new JsonParseException(parser, "unexpected JSON token " + token);
        }
    }

    private static JsonNode readInteger(JsonParser parser) throws IOException {
        switch (parser.getNumberType()) {
            case INT:
                return NODES.numberNode(parser.getIntValue());
            case LONG:
                return NODES.numberNode(parser.getLongValue());
            default:
                return NODES.numberNode(parser.getBigIntegerValue());
        }
    }

    private static void writeValue(JsonGenerator gen, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT:
                gen.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    gen.writeFieldName(field.getKey());
                    writeValue(gen, field.getValue());
                }
                gen.writeEndObject();
                return;
            case ARRAY:
                gen.writeStartArray();
                for (JsonNode element : node) {
                    writeValue(gen, element);
                }
                gen.writeEndArray();
                return;
            case STRING:
                gen.writeString(node.textValue());
                return;
            case NUMBER:
                writeNumber(gen, node);
                return;
            case BOOLEAN:
                gen.writeBoolean(node.booleanValue());
                return;
            case NULL:
            case MISSING:
                gen.writeNull();
                return;
            case POJO:
                Object pojo = ((POJONode) node).getPojo();
                if (pojo instanceof StreamedJson streamed) {
                    streamed.writeTo(gen);
                    return;
                }
                gen.setCodec(mapper());
                gen.writeTree(node);
                return;
            default:
                // BINARY values are never built by the codec; the mapper knows them.
                gen.setCodec(mapper());
                gen.writeTree(node);
        }
    }

    /** Writes a tree with the codec's own writer (no ObjectMapper), for {@link StreamedJson}. */
    public static void writeTree(JsonGenerator gen, JsonNode node) throws IOException {
        writeValue(gen, node);
    }

    private static void writeNumber(JsonGenerator gen, JsonNode node) throws IOException {
        switch (node.numberType()) {
            case INT:
                gen.writeNumber(node.intValue());
                return;
            case LONG:
                gen.writeNumber(node.longValue());
                return;
            case BIG_INTEGER:
                gen.writeNumber(node.bigIntegerValue());
                return;
            case FLOAT:
                gen.writeNumber(node.floatValue());
                return;
            case BIG_DECIMAL:
                gen.writeNumber(node.decimalValue());
                return;
            default:
                gen.writeNumber(node.doubleValue());
        }
    }

    /** Lazy: loading this class is what builds the mapper. */
    private static final class MapperHolder {
        static final ObjectMapper MAPPER = new ObjectMapper(FACTORY)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .setNodeFactory(Bodies.nodes());
    }

    /**
     * Strict UTF-8 without zero bytes. Jackson sniffs the encoding of a byte array from its first
     * bytes (zero bytes, byte-order marks) and would read a UTF-16 or UTF-32 line as a valid
     * envelope; and its UTF-8 decoder accepts overlong forms such as C0 AF for '/'. Maelstrom
     * speaks UTF-8 only and a raw zero byte is never valid JSON, so such lines are refused here.
     */
    static boolean isStrictUtf8(byte[] bytes, int offset, int len) {
        int end = offset + len;
        int i = offset;
        while (i < end) {
            int c = bytes[i] & 0xFF;
            if (c < 0x80) {
                if (c == 0) {
                    return false;
                }
                i++;
                continue;
            }
            int more;
            int min = 0x80;
            int max = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                more = 1;
            } else if (c >= 0xE0 && c <= 0xEF) {
                more = 2;
                min = c == 0xE0 ? 0xA0 : 0x80; // no overlong forms
                max = c == 0xED ? 0x9F : 0xBF; // no surrogates
            } else if (c >= 0xF0 && c <= 0xF4) {
                more = 3;
                min = c == 0xF0 ? 0x90 : 0x80; // no overlong forms
                max = c == 0xF4 ? 0x8F : 0xBF; // nothing past U+10FFFF
            } else {
                return false; // continuation byte first, C0/C1 overlong leads, F5..FF
            }
            if (i + more >= end) {
                return false;
            }
            int second = bytes[i + 1] & 0xFF;
            if (second < min || second > max) {
                return false;
            }
            for (int k = 2; k <= more; k++) {
                int next = bytes[i + k] & 0xFF;
                if (next < 0x80 || next > 0xBF) {
                    return false;
                }
            }
            i += more + 1;
        }
        return true;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
