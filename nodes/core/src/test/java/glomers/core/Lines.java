package glomers.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Test scaffolding in the maelstrom-go style: feed lines into a node, read back the exact lines it
 * wrote. Lines are compared as JSON trees, so key order is free but every field must match.
 */
final class Lines {

    static final ObjectMapper JSON = new ObjectMapper();

    static final String INIT = "{\"src\":\"c0\",\"dest\":\"n1\",\"body\":{\"type\":\"init\",\"msg_id\":1,\"node_id\":\"n1\",\"node_ids\":[\"n1\",\"n2\",\"n3\"]}}";
    static final String INIT_OK = "{\"src\":\"n1\",\"dest\":\"c0\",\"body\":{\"type\":\"init_ok\",\"in_reply_to\":1}}";

    /** What one run wrote: its stdout lines (raw) and its log lines. */
    record Run(List<String> out, List<String> log) {

        JsonNode line(int i) {
            return parse(out.get(i));
        }

        boolean logged(String fragment) {
            return log.stream().anyMatch(l -> l.contains(fragment));
        }

        void assertOut(String... expected) {
            assertEquals(expected.length, out.size(), () -> "stdout was:\n" + String.join("\n", out) + "\nlog:\n" + String.join("\n", log));
            for (int i = 0; i < expected.length; i++) {
                assertEquals(parse(expected[i]), line(i), "line " + i + " of\n" + String.join("\n", out));
            }
        }
    }

    private Lines() {
    }

    static Run run(NodeLogic logic, String... lines) {
        byte[] input = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        return run(logic, new ByteArrayInputStream(input));
    }

    static Run run(NodeLogic logic, InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        StdioRuntime.run(logic, List.of(), in, out, new StreamLog(log::add, Log.Level.DEBUG, StreamLog.Format.PLAIN));
        return new Run(splitLines(out.toByteArray()), List.copyOf(log));
    }

    /** Splits stdout into lines, failing if any byte follows the last newline. */
    static List<String> splitLines(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return List.of();
        }
        assertTrue(text.endsWith("\n"), () -> "stdout does not end with a newline: " + text);
        List<String> out = new ArrayList<>();
        for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
            out.add(line);
        }
        return out;
    }

    /** Hands {@code line} to the host as the runtime would, failing the test if it does not parse. */
    static void deliver(NodeHost host, String line) {
        try {
            host.onMessage(MessageCodec.parse(line));
        } catch (MalformedMessageException e) {
            throw new AssertionError(e);
        }
    }

    static JsonNode parse(String line) {
        try {
            JsonNode tree = JSON.readTree(line);
            if (tree == null || !tree.isObject()) {
                fail("not a JSON object: " + line);
            }
            return tree;
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    /** Asserts an error reply: exactly src, dest and a body of type, code, text, in_reply_to. */
    static void assertError(JsonNode line, String src, String dest, int code, long inReplyTo) {
        assertEquals(3, line.size(), () -> "envelope has extra fields: " + line);
        assertEquals(src, line.path("src").asText());
        assertEquals(dest, line.path("dest").asText());
        JsonNode body = line.get("body");
        assertEquals(4, body.size(), () -> "error body has other fields than type, code, text, in_reply_to: " + body);
        assertEquals("error", body.path("type").textValue());
        assertEquals(code, body.path("code").intValue(), () -> "wrong code in " + body);
        assertTrue(body.path("code").isIntegralNumber());
        assertEquals(inReplyTo, body.path("in_reply_to").longValue());
        assertTrue(body.path("text").isTextual() && !body.path("text").textValue().isEmpty(), () -> "no text in " + body);
    }

    static String request(String src, String type, long msgId, String extra) {
        return "{\"src\":\"" + src + "\",\"dest\":\"n1\",\"body\":{\"type\":\"" + type + "\",\"msg_id\":" + msgId
                + (extra.isEmpty() ? "" : "," + extra) + "}}";
    }

    static ObjectNode body(String json) {
        return (ObjectNode) parse(json);
    }
}
