package glomers.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Throws garbage at the real stdio loop: random bytes, truncated and oversized lines, wrong-typed
 * fields, invalid UTF-8, deep nesting, interleaved with well-formed echo requests. The loop must
 * reach the end of input and answer every well-formed request correctly, exactly once, and
 * nothing else. Replay a failure with {@code mvn -pl nodes/core test -Dtest=StdioFuzzTest -Dfuzz.seed=N}.
 */
@Timeout(120)
class StdioFuzzTest {

    static final int GARBAGE_LINES = 100_000;
    static final int ECHO_EVERY = 4;
    static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    @Test
    void theLoopSurvivesGarbageAndAnswersEveryGoodRequestExactlyOnce() throws Exception {
        // Fixed, so every build runs the same cases; -Dfuzz.seed=N explores others.
        long seed = Long.getLong("fuzz.seed", 1L);
        try {
            fuzz(seed);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("fuzz failed with seed " + seed
                    + "; replay: mvn -pl nodes/core test -Dtest=StdioFuzzTest -Dfuzz.seed=" + seed, e);
        }
    }

    void fuzz(long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        ByteArrayOutputStream input = new ByteArrayOutputStream(64 << 20);
        input.write((Lines.INIT + "\n").getBytes(StandardCharsets.UTF_8));
        Map<Long, ObjectNode> expected = new HashMap<>();
        long msgId = 100;
        int[] kinds = new int[Garbage.values().length];
        for (int i = 0; i < GARBAGE_LINES; i++) {
            if (i % ECHO_EVERY == 0) {
                msgId += 1 + random.nextInt(3);
                ObjectNode request = echoRequest(random, msgId);
                expected.put(msgId, request);
                input.write(wellFormed(random, request));
            }
            Garbage kind = Garbage.values()[random.nextInt(Garbage.values().length)];
            kinds[kind.ordinal()]++;
            byte[] line = kind.make(random);
            for (byte b : line) {
                assertTrue(b != '\n', () -> kind + " made a line with a newline inside");
            }
            input.write(line);
            input.write('\n');
        }
        AtomicLong logLines = new AtomicLong();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StdioRuntime.run(StdioRuntimeTest.testLogic(), List.of(), new ByteArrayInputStream(input.toByteArray()), out,
                new StreamLog(l -> logLines.incrementAndGet(), Log.Level.INFO, StreamLog.Format.PLAIN));

        List<String> lines = Lines.splitLines(out.toByteArray());
        assertEquals(Lines.parse(Lines.INIT_OK), Lines.parse(lines.get(0)));
        Map<Long, ObjectNode> unanswered = new HashMap<>(expected);
        for (String line : lines.subList(1, lines.size())) {
            JsonNode reply = Lines.parse(line);
            JsonNode body = reply.get("body");
            long inReplyTo = body.path("in_reply_to").asLong(-1);
            ObjectNode request = unanswered.remove(inReplyTo);
            assertTrue(request != null, () -> (expected.containsKey(inReplyTo) ? "answered twice: " : "answered garbage: ") + line);
            ObjectNode want = NODES.objectNode();
            want.put("src", "n1");
            want.put("dest", request.path("src").textValue());
            ObjectNode wantBody = want.putObject("body");
            wantBody.put("type", "echo_ok");
            wantBody.set("echo", request.path("body").get("echo"));
            wantBody.put("in_reply_to", inReplyTo);
            assertEquals(Lines.parse(want.toString()), reply);
        }
        assertEquals(Map.of(), unanswered, "well-formed requests never answered");
        assertTrue(logLines.get() >= GARBAGE_LINES / 2, "too few lines logged: " + logLines.get());
        for (Garbage kind : Garbage.values()) {
            assertTrue(kinds[kind.ordinal()] > 0, "no " + kind + " line generated");
        }
    }

    static ObjectNode echoRequest(SplittableRandom random, long msgId) {
        ObjectNode envelope = NODES.objectNode();
        envelope.put("src", "c" + (2 + random.nextInt(50)));
        envelope.put("dest", "n1");
        ObjectNode body = envelope.putObject("body");
        body.put("type", "echo");
        body.put("msg_id", msgId);
        body.set("echo", randomValue(random, 3));
        return envelope;
    }

    /** One request, varied in form: key order, whitespace, Maelstrom's envelope id, CRLF. */
    static byte[] wellFormed(SplittableRandom random, ObjectNode request) {
        String text;
        switch (random.nextInt(4)) {
            case 0 -> text = request.toString();
            case 1 -> text = "{\"body\":" + request.get("body") + ",\"dest\":\"n1\",\"src\":\"" + request.path("src").textValue() + "\"}";
            case 2 -> text = "  {\"id\": " + random.nextInt(1_000_000) + ", \"src\": \"" + request.path("src").textValue()
                    + "\", \"dest\": \"n1\", \"body\": " + request.get("body") + "}\t";
            default -> text = request.toString() + "\r";
        }
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static JsonNode randomValue(SplittableRandom random, int depth) {
        int pick = random.nextInt(depth > 0 ? 9 : 7);
        return switch (pick) {
            case 0 -> NODES.textNode(randomString(random, 20));
            case 1 -> NODES.numberNode(random.nextLong());
            case 2 -> NODES.numberNode(random.nextInt(1000));
            case 3 -> NODES.numberNode(new java.math.BigDecimal(random.nextInt(100_000) + "." + random.nextInt(1000)));
            case 4 -> NODES.booleanNode(random.nextBoolean());
            case 5 -> NODES.nullNode();
            case 6 -> NODES.textNode("");
            case 7 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(randomValue(random, depth - 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.set(randomString(random, 6), randomValue(random, depth - 1));
                }
                yield object;
            }
        };
    }

    /** Any code points, surrogate pairs and control characters included (Jackson escapes them). */
    static String randomString(SplittableRandom random, int maxLength) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
            int cp = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(0x20, 0x7F);
                case 1 -> random.nextInt(0, 0x20);
                case 2 -> random.nextInt(0xA0, 0xD800);
                default -> random.nextInt(0x10000, 0x110000);
            };
            s.appendCodePoint(cp);
        }
        return s.toString();
    }

    /** Lines that must never produce a reply. */
    enum Garbage {
        RANDOM_BYTES {
            @Override
            byte[] make(SplittableRandom r) {
                byte[] b = new byte[r.nextInt(1, 200)];
                for (int i = 0; i < b.length; i++) {
                    do {
                        b[i] = (byte) r.nextInt(256);
                    } while (b[i] == '\n');
                }
                return b;
            }
        },
        TRUNCATED_REQUEST {
            @Override
            byte[] make(SplittableRandom r) {
                byte[] whole = echoRequest(r, 1 + r.nextInt(1000)).toString().getBytes(StandardCharsets.UTF_8);
                return java.util.Arrays.copyOf(whole, r.nextInt(whole.length)); // any strict prefix, maybe mid-character
            }
        },
        INVALID_UTF8_IN_STRING {
            @Override
            byte[] make(SplittableRandom r) {
                int[][] invalid = {{0xC3}, {0xA0}, {0xE2, 0x82}, {0xF0, 0x90}, {0xFF}, {0xFE}, {0xC0, 0xAF}, {0xE0, 0x80, 0xAF},
                    {0xED, 0xA0, 0x80}, {0xF4, 0x90, 0x80, 0x80}, {0xF8, 0x88, 0x80, 0x80, 0x80}, {0xC1, 0xBF}};
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes("{\"src\":\"c1\",\"dest\":\"n1\",\"body\":{\"type\":\"echo\",\"msg_id\":5,\"echo\":\"a".getBytes(StandardCharsets.UTF_8));
                for (int b : invalid[r.nextInt(invalid.length)]) {
                    out.write(b);
                }
                out.writeBytes("\"}}".getBytes(StandardCharsets.UTF_8));
                return out.toByteArray();
            }
        },
        WRONG_TYPES {
            static final String[] TEMPLATES = {
                "{\"src\":%s,\"dest\":\"n1\",\"body\":{\"type\":\"echo\",\"msg_id\":5,\"echo\":1}}",
                "{\"src\":\"c1\",\"dest\":%s,\"body\":{\"type\":\"echo\",\"msg_id\":5,\"echo\":1}}",
                "{\"src\":\"c1\",\"dest\":\"n1\",\"body\":%s}",
                "{\"src\":\"c1\",\"dest\":\"n1\",\"body\":{\"type\":%s,\"msg_id\":5}}",
                "{\"src\":\"c1\",\"dest\":\"n1\",\"body\":{\"type\":\"echo\",\"msg_id\":%s,\"echo\":1}}",
                "{\"src\":\"c1\",\"dest\":\"n1\",\"body\":{\"type\":\"frobnicate\",\"msg_id\":%s}}",
                "{\"src\":\"n2\",\"dest\":\"n1\",\"body\":{\"type\":\"echo_ok\",\"in_reply_to\":%s,\"msg_id\":5}}",
                "{\"src\":\"c1\",\"dest\":\"n1\",\"body\":{\"type\":\"echo\",\"in_reply_to\":%s,\"msg_id\":5,\"echo\":1}}",
                "%s",
            };
            static final String[] NOT_STRINGS = {"1", "-7", "1.5e300", "[\"c1\"]", "{\"x\":\"c1\"}", "null", "true", "[]", "{}"};
            static final String[] NOT_INTEGERS = {"\"5\"", "5.5", "null", "[5]", "{\"n\":5}", "true", "-1", "1e400", "99999999999999999999999"};

            @Override
            byte[] make(SplittableRandom r) {
                int t = r.nextInt(TEMPLATES.length);
                String filler;
                if (t == 2) {
                    filler = r.nextBoolean() ? "[{\"type\":\"echo\",\"msg_id\":5}]" : NOT_STRINGS[r.nextInt(NOT_STRINGS.length)].replace("{\"x\":\"c1\"}", "\"echo\"");
                } else if (t == 4 || t == 5) {
                    filler = NOT_INTEGERS[r.nextInt(NOT_INTEGERS.length)];
                } else if (t == 6 || t == 7) {
                    filler = r.nextBoolean() ? NOT_INTEGERS[r.nextInt(NOT_INTEGERS.length)] : String.valueOf(r.nextInt(1000));
                } else if (t == 8) {
                    filler = NOT_STRINGS[r.nextInt(NOT_STRINGS.length)];
                } else {
                    filler = NOT_STRINGS[r.nextInt(NOT_STRINGS.length)];
                }
                return String.format(java.util.Locale.ROOT, TEMPLATES[t], filler).getBytes(StandardCharsets.UTF_8);
            }
        },
        NESTED_GARBAGE {
            @Override
            byte[] make(SplittableRandom r) {
                int depth = r.nextInt(50) == 0 ? r.nextInt(1, 5_000) : r.nextInt(1, 400);
                String open = r.nextBoolean() ? "[" : "{\"a\":";
                StringBuilder s = new StringBuilder("{\"src\":\"c1\",\"dest\":\"n1\",\"body\":{\"type\":\"echo\",\"msg_id\":5,\"echo\":");
                s.append(open.repeat(depth));
                if (r.nextBoolean()) {
                    s.append("1").append((open.equals("[") ? "]" : "}").repeat(depth)).append("}}"); // too deep, else balanced
                    if (depth < 250) {
                        s.append("}"); // shallow enough to parse: one brace too many makes a trailing token
                    }
                }
                return s.toString().getBytes(StandardCharsets.UTF_8);
            }
        },
        ENCODING_TRICKS {
            @Override
            byte[] make(SplittableRandom r) {
                String valid = "{\"src\":\"c1\",\"dest\":\"n1\",\"body\":{\"type\":\"frobnicate\",\"msg_id\":5}}";
                return switch (r.nextInt(4)) {
                    case 0 -> valid.getBytes(StandardCharsets.UTF_16LE);
                    case 1 -> valid.getBytes(StandardCharsets.UTF_16BE);
                    case 2 -> ("\u0000" + valid).getBytes(StandardCharsets.UTF_8);
                    default -> valid.replace("frobnicate", "fro\u0000b").getBytes(StandardCharsets.UTF_8);
                };
            }
        },
        LONG_LINE {
            @Override
            byte[] make(SplittableRandom r) {
                if (r.nextInt(1000) != 0) {
                    return "{\"src\":\"c1\"".getBytes(StandardCharsets.UTF_8);
                }
                // A few long lines, valid JSON but no envelope (no msg_id), up to 1 MB.
                return ("{\"src\":\"c1\",\"dest\":\"n1\",\"body\":{\"type\":\"echo\",\"echo\":\"" + "x".repeat(r.nextInt(1 << 20)) + "\"}}")
                        .getBytes(StandardCharsets.UTF_8);
            }
        },
        BLANKS {
            @Override
            byte[] make(SplittableRandom r) {
                return new String[] {"", "\r", " ", "\t\t", " \r"}[r.nextInt(5)].getBytes(StandardCharsets.UTF_8);
            }
        };

        abstract byte[] make(SplittableRandom random);
    }
}
