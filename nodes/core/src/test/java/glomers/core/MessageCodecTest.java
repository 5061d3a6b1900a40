package glomers.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

    static boolean strict(byte... bytes) {
        return MessageCodec.isStrictUtf8(bytes, 0, bytes.length);
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void strictUtf8AgreesWithTheJdkDecoderOnRandomBytes() {
        // Fixed, so every build runs the same cases; -Dfuzz.seed=N explores others.
        long seed = Long.getLong("fuzz.seed", 1L);
        SplittableRandom random = new SplittableRandom(seed);
        var decoder = StandardCharsets.UTF_8.newDecoder();
        for (int n = 0; n < 200_000; n++) {
            byte[] b = new byte[random.nextInt(1, 8)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (random.nextBoolean() ? random.nextInt(0x80, 0x100) : random.nextInt(1, 0x80));
            }
            boolean jdk;
            try {
                decoder.reset().decode(java.nio.ByteBuffer.wrap(b));
                jdk = true;
            } catch (java.nio.charset.CharacterCodingException e) {
                jdk = false;
            }
            assertEquals(jdk, strict(b), "seed " + seed + ", bytes " + java.util.HexFormat.of().formatHex(b)
                    + "; replay: mvn -pl nodes/core test -Dtest=MessageCodecTest -Dfuzz.seed=" + seed);
        }
    }

    @Test
    void overlongAndSurrogateFormsAreRefused() {
        assertEquals(false, strict(bytes(0xC0, 0xAF)));          // overlong '/'
        assertEquals(false, strict(bytes(0xE0, 0x80, 0xAF)));    // overlong '/'
        assertEquals(false, strict(bytes(0xED, 0xA0, 0x80)));    // a surrogate
        assertEquals(false, strict(bytes(0xF4, 0x90, 0x80, 0x80))); // past U+10FFFF
        assertEquals(false, strict(bytes('{', 0, '}')));
        assertEquals(true, strict("h\u00e9 \u4e16 \ud83d\ude00".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void overlongSlashInAnEnvelopeIsMalformed() {
        byte[] line = "{\"src\":\"c1\",\"dest\":\"n1\",\"body\":{\"type\":\"echo\",\"echo\":\"XX\"}}".getBytes(StandardCharsets.UTF_8);
        int x = new String(line, StandardCharsets.UTF_8).indexOf("XX");
        line[x] = (byte) 0xC0;
        line[x + 1] = (byte) 0xAF;
        assertThrows(MalformedMessageException.class, () -> MessageCodec.parse(line, 0, line.length));
    }

    @Test
    void aLineThatFailsHalfWayLeavesNothingBehindForTheNextOne() throws Exception {
        MessageCodec.LineBuffer scratch = new MessageCodec.LineBuffer();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        com.fasterxml.jackson.databind.node.ObjectNode bad = Bodies.of("bad");
        bad.put("padding", "x".repeat(20_000)); // past the generator's own buffer, so part reaches scratch
        bad.putPOJO("thing", new Object()); // Jackson cannot serialise an empty bean
        MessageCodec.write(new Message("n1", "c1", Bodies.of("first")), out, scratch);
        assertThrows(java.io.IOException.class, () -> MessageCodec.write(new Message("n1", "c1", bad), out, scratch));
        MessageCodec.write(new Message("n1", "c2", Bodies.of("second")), out, scratch);
        assertEquals("{\"src\":\"n1\",\"dest\":\"c1\",\"body\":{\"type\":\"first\"}}\n"
                + "{\"src\":\"n1\",\"dest\":\"c2\",\"body\":{\"type\":\"second\"}}\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void envelopeFieldsAreJudgedAfterTheWholeLineAndARepeatedOneKeepsItsLastValue() throws Exception {
        assertEquals("c2", MessageCodec.parse("{\"src\":1,\"dest\":\"n1\",\"src\":\"c2\",\"body\":{\"type\":\"a\"}}").src());
        assertThrows(MalformedMessageException.class,
                () -> MessageCodec.parse("{\"src\":\"c2\",\"dest\":\"n1\",\"src\":1,\"body\":{\"type\":\"a\"}}"));
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> MessageCodec.parse("{\"src\":1,\"dest\":\"n1\",\"id\":\"\\q\",\"body\":{\"type\":\"a\"}}"));
        assertEquals(true, e.getMessage().startsWith("not JSON"), e.getMessage()); // a bad escape in an ignored field
        Message m = MessageCodec.parse("{\"id\":[1,{\"x\":2}],\"src\":\"c1\",\"dest\":\"n1\",\"body\":{\"type\":\"a\",\"k\":[1]}}");
        assertEquals("{\"src\":\"c1\",\"dest\":\"n1\",\"body\":{\"type\":\"a\",\"k\":[1]}}", MessageCodec.encode(m));
    }
}
