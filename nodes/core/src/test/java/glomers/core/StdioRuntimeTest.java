package glomers.core;

import static glomers.core.Lines.INIT;
import static glomers.core.Lines.INIT_OK;
import static glomers.core.Lines.assertError;
import static glomers.core.Lines.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The "fallible, never fatal" table of DESIGN.md, row by row, through the real stdio loop. */
@Timeout(30)
class StdioRuntimeTest {

    static final String ECHO = request("c1", "echo", 7, "\"echo\":\"hi\"");
    static final String ECHO_OK = "{\"src\":\"n1\",\"dest\":\"c1\",\"body\":{\"type\":\"echo_ok\",\"echo\":\"hi\",\"in_reply_to\":7}}";

    /** Logic with one handler per kind of behaviour the table names. */
    static NodeLogic testLogic() {
        return (env, handlers) -> handlers
                .on("echo", r -> {
                    ObjectNode reply = Bodies.of("echo_ok");
                    reply.set("echo", r.body().get("echo"));
                    r.reply(reply);
                })
                .on("definite", r -> {
                    throw new RpcError(ErrorCode.PRECONDITION_FAILED, "expected 3, had 4");
                })
                .on("custom", r -> {
                    throw new RpcError(1234, "custom code");
                })
                .on("boom", r -> {
                    throw new IllegalStateException("boom from the handler");
                })
                .on("boom-after-reply", r -> {
                    r.reply("boom-after-reply_ok");
                    throw new IllegalStateException("late boom");
                })
                .on("tell-unknown", r -> {
                    env.send("n9", Bodies.of("gossip"));
                    env.send("c1", Bodies.of("gossip"));
                    r.reply("tell-unknown_ok");
                })
                .on("unwritable", r -> {
                    ObjectNode reply = Bodies.of("unwritable_ok");
                    reply.putPOJO("thing", new Object()); // Jackson cannot serialise an empty bean
                    r.reply(reply);
                })
                .on("tell-peer", r -> {
                    env.send("n2", Bodies.of("gossip"));
                    env.send("lin-kv", Bodies.of("read"));
                    r.reply("tell-peer_ok");
                });
    }

    @Test
    void initOkIsExact() {
        Lines.run(testLogic(), INIT).assertOut(INIT_OK);
    }

    @Test
    void envelopeIdFromMaelstromIsAcceptedAndNotEchoed() {
        Lines.run(testLogic(), "{\"id\":42,\"src\":\"c0\",\"dest\":\"n1\",\"body\":{\"type\":\"init\",\"msg_id\":1,\"node_id\":\"n1\",\"node_ids\":[\"n1\"]}}")
                .assertOut(INIT_OK);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json at all",
        "{\"src\":\"c1\",",
        "{\"src\":\"c1\",\"dest\":\"n1\",\"body\":{\"type\":\"echo\",\"msg_id\":7}} trailing",
        "[1,2,3]",
        "\"a string\"",
        "42",
        "null",
        "{}",
        "{\"dest\":\"n1\",\"body\":{\"type\":\"echo\",\"msg_id\":8}}",
        "{\"src\":\"c1\",\"body\":{\"type\":\"echo\",\"msg_id\":8}}",
        "{\"src\":\"c1\",\"dest\":\"n1\"}",
        "{\"src\":\"c1\",\"dest\":\"n1\",\"body\":[1]}",
        "{\"src\":\"c1\",\"dest\":\"n1\",\"body\":\"echo\"}",
        "{\"src\":\"c1\",\"dest\":\"n1\",\"body\":{\"msg_id\":8}}",
        "{\"src\":\"c1\",\"dest\":\"n1\",\"body\":{\"type\":7,\"msg_id\":8}}",
        "{\"src\":\"c1\",\"dest\":\"n1\",\"body\":{\"type\":{\"x\":1},\"msg_id\":8}}",
        "{\"src\":\"c1\",\"dest\":\"n1\",\"body\":{\"type\":null,\"msg_id\":8}}",
        "{\"src\":1,\"dest\":\"n1\",\"body\":{\"type\":\"echo\",\"msg_id\":8}}",
        "{\"src\":\"c1\",\"dest\":[\"n1\"],\"body\":{\"type\":\"echo\",\"msg_id\":8}}",
        "   ",
        "\t",
    })
    void malformedLineIsLoggedAndTheLoopGoesOn(String bad) {
        Lines.Run run = Lines.run(testLogic(), INIT, bad, ECHO);
        run.assertOut(INIT_OK, ECHO_OK);
        assertTrue(run.logged("malformed-line: skipped malformed line"), () -> "not logged: " + run.log());
    }

    @Test
    void blankLineIsSkipped() {
        Lines.Run run = Lines.run(testLogic(), INIT, "", ECHO, "");
        run.assertOut(INIT_OK, ECHO_OK);
        assertTrue(run.logged("blank line"), () -> run.log().toString());
    }

    @Test
    void crlfLineEndingsAreAccepted() {
        byte[] input = (INIT + "\r\n" + ECHO + "\r\n").getBytes(StandardCharsets.UTF_8);
        Lines.run(testLogic(), new ByteArrayInputStream(input)).assertOut(INIT_OK, ECHO_OK);
    }

    @Test
    void lastLineWithoutNewlineIsStillHandled() {
        byte[] input = (INIT + "\n" + ECHO).getBytes(StandardCharsets.UTF_8);
        Lines.run(testLogic(), new ByteArrayInputStream(input)).assertOut(INIT_OK, ECHO_OK);
    }

    @Test
    void emptyInputEndsQuietly() {
        Lines.Run run = Lines.run(testLogic(), new ByteArrayInputStream(new byte[0]));
        run.assertOut();
    }

    @Test
    void nonAsciiRoundTripsAsUtf8WhateverTheDefaultCharset() {
        // The core module's tests run with -Dfile.encoding=US-ASCII (see its pom) to make this bite.
        String text = "h\u00e9llo \u4e16\u754c \ud83d\ude00 \u00df";
        String echo = request("c1", "echo", 7, "\"echo\":\"" + text + "\"");
        Lines.Run run = Lines.run(testLogic(), INIT, echo);
        run.assertOut(INIT_OK, "{\"src\":\"n1\",\"dest\":\"c1\",\"body\":{\"type\":\"echo_ok\",\"echo\":\"" + text + "\",\"in_reply_to\":7}}");
        assertEquals(text, run.line(1).path("body").path("echo").textValue());
        System.err.println("default charset during this test: " + Charset.defaultCharset());
    }

    @Test
    void escapedNonAsciiRoundTrips() {
        String echo = request("c1", "echo", 7, "\"echo\":\"\\u00e9\\ud83d\\ude00\"");
        Lines.Run run = Lines.run(testLogic(), INIT, echo);
        assertEquals("\u00e9\ud83d\ude00", run.line(1).path("body").path("echo").textValue());
    }

    @Test
    void invalidUtf8IsLoggedAndSkipped() {
        byte[] bad = "{\"src\":\"c1\",\"dest\":\"n1\",\"body\":{\"type\":\"echo\",\"msg_id\":8,\"echo\":\"\u0000\"}}\n"
                .replace("\u0000", "X").getBytes(StandardCharsets.UTF_8);
        int x = new String(bad, StandardCharsets.UTF_8).indexOf('X');
        bad[x] = (byte) 0xC3; // a lead byte followed by a quote: not UTF-8
        InputStream in = new SequenceInputStream(new SequenceInputStream(
                new ByteArrayInputStream((INIT + "\n").getBytes(StandardCharsets.UTF_8)), new ByteArrayInputStream(bad)),
                new ByteArrayInputStream((ECHO + "\n").getBytes(StandardCharsets.UTF_8)));
        Lines.Run run = Lines.run(testLogic(), in);
        run.assertOut(INIT_OK, ECHO_OK);
        assertTrue(run.logged("skipped malformed line"));
    }

    @Test
    void utf16EncodedEnvelopeIsNotTakenForUtf8() {
        // Jackson sniffs UTF-16/32 from zero bytes; Maelstrom only speaks UTF-8, so this is not an envelope.
        byte[] utf16 = request("c1", "echo", 8, "\"echo\":\"x\"").getBytes(StandardCharsets.UTF_16LE);
        InputStream in = new SequenceInputStream(new SequenceInputStream(
                new ByteArrayInputStream((INIT + "\n").getBytes(StandardCharsets.UTF_8)), new ByteArrayInputStream(utf16)),
                new ByteArrayInputStream(("\n" + ECHO + "\n").getBytes(StandardCharsets.UTF_8)));
        Lines.Run run = Lines.run(testLogic(), in);
        run.assertOut(INIT_OK, ECHO_OK);
    }

    @Test
    void unknownTypeWithMsgIdGetsError10() {
        Lines.Run run = Lines.run(testLogic(), INIT, request("c1", "frobnicate", 9, ""), ECHO);
        assertEquals(3, run.out().size(), run.out()::toString);
        assertError(run.line(1), "n1", "c1", 10, 9);
        run.assertOut(INIT_OK, run.out().get(1), ECHO_OK);
    }

    @Test
    void unknownTypeWithoutMsgIdIsOnlyLogged() {
        Lines.Run run = Lines.run(testLogic(), INIT, "{\"src\":\"c1\",\"dest\":\"n1\",\"body\":{\"type\":\"frobnicate\"}}", ECHO);
        run.assertOut(INIT_OK, ECHO_OK);
        assertTrue(run.logged("frobnicate"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"9\"", "9.5", "null", "{\"n\":9}", "[9]", "-3"})
    void nonIntegerMsgIdMeansNoReply(String msgId) {
        Lines.Run run = Lines.run(testLogic(), INIT,
                "{\"src\":\"c1\",\"dest\":\"n1\",\"body\":{\"type\":\"frobnicate\",\"msg_id\":" + msgId + "}}", ECHO);
        run.assertOut(INIT_OK, ECHO_OK);
    }

    @Test
    void rpcErrorFromHandlerKeepsItsCode() {
        Lines.Run run = Lines.run(testLogic(), INIT, request("c1", "definite", 3, ""), request("c2", "custom", 4, ""), ECHO);
        assertEquals(4, run.out().size(), run.out()::toString);
        assertError(run.line(1), "n1", "c1", 22, 3);
        assertEquals("expected 3, had 4", run.line(1).path("body").path("text").textValue());
        assertError(run.line(2), "n1", "c2", 1234, 4);
        assertEquals(run.line(3), Lines.parse(ECHO_OK));
    }

    @Test
    void otherExceptionIsError13WithStackTraceLogged() {
        Lines.Run run = Lines.run(testLogic(), INIT, request("c1", "boom", 5, ""), ECHO);
        assertEquals(3, run.out().size(), run.out()::toString);
        assertError(run.line(1), "n1", "c1", 13, 5);
        assertEquals(run.line(2), Lines.parse(ECHO_OK));
        assertTrue(run.log().stream().anyMatch(l -> l.startsWith("ERROR") && l.contains("java.lang.IllegalStateException: boom from the handler")
                && l.contains("\tat glomers.core.StdioRuntimeTest")), () -> "no stack trace in " + run.log());
    }

    @Test
    void exceptionAfterReplyingSendsNoSecondReply() {
        Lines.Run run = Lines.run(testLogic(), INIT, request("c1", "boom-after-reply", 5, ""), ECHO);
        run.assertOut(INIT_OK, "{\"src\":\"n1\",\"dest\":\"c1\",\"body\":{\"type\":\"boom-after-reply_ok\",\"in_reply_to\":5}}", ECHO_OK);
        assertTrue(run.logged("late boom"));
    }

    @Test
    void replyMatchingNoPendingRpcIsDroppedAndLoggedAtDebug() {
        Lines.Run run = Lines.run(testLogic(), INIT,
                "{\"src\":\"n2\",\"dest\":\"n1\",\"body\":{\"type\":\"read_ok\",\"in_reply_to\":77}}",
                "{\"src\":\"n2\",\"dest\":\"n1\",\"body\":{\"type\":\"read_ok\",\"in_reply_to\":\"x\"}}",
                ECHO);
        run.assertOut(INIT_OK, ECHO_OK);
        assertTrue(run.log().stream().anyMatch(l -> l.startsWith("DEBUG") && l.contains("in_reply_to\":77")), () -> run.log().toString());
    }

    @Test
    void messageBeforeInitGetsError11() {
        Lines.Run run = Lines.run(testLogic(), ECHO, "{\"src\":\"c1\",\"dest\":\"n1\",\"body\":{\"type\":\"echo\"}}", INIT, ECHO);
        assertEquals(3, run.out().size(), run.out()::toString);
        assertError(run.line(0), "n1", "c1", 11, 7);
        assertEquals(Lines.parse(INIT_OK), run.line(1));
        assertEquals(Lines.parse(ECHO_OK), run.line(2));
    }

    @Test
    void sendToUnknownDestinationIsRefusedAndLogged() {
        Lines.Run run = Lines.run(testLogic(), INIT, request("c1", "tell-unknown", 5, ""), request("c1", "tell-peer", 6, ""));
        run.assertOut(INIT_OK,
                "{\"src\":\"n1\",\"dest\":\"c1\",\"body\":{\"type\":\"tell-unknown_ok\",\"in_reply_to\":5}}",
                // A peer's message sent for a client's request carries the request's correlation id.
                "{\"src\":\"n1\",\"dest\":\"n2\",\"body\":{\"type\":\"gossip\",\"req\":\"c1 6\"}}",
                "{\"src\":\"n1\",\"dest\":\"lin-kv\",\"body\":{\"type\":\"read\"}}",
                "{\"src\":\"n1\",\"dest\":\"c1\",\"body\":{\"type\":\"tell-peer_ok\",\"in_reply_to\":6}}");
        assertTrue(run.logged("unknown destination n9"));
        assertTrue(run.logged("unknown destination c1"));
    }

    @Test
    void aBodyThatCannotBeSerialisedNeverLeavesHalfALineOnStdout() {
        Lines.Run run = Lines.run(testLogic(), INIT, request("c1", "unwritable", 5, ""), ECHO);
        run.assertOut(INIT_OK, ECHO_OK);
        assertTrue(run.logged("unwritable_ok"), () -> run.log().toString());
    }

    @Test
    void malformedInitIsError12AndNodeStaysUninitialised() {
        Lines.Run run = Lines.run(testLogic(),
                "{\"src\":\"c0\",\"dest\":\"n1\",\"body\":{\"type\":\"init\",\"msg_id\":1,\"node_id\":\"n1\",\"node_ids\":[\"n2\"]}}",
                ECHO);
        assertEquals(2, run.out().size());
        assertError(run.line(0), "n1", "c0", 12, 1);
        assertError(run.line(1), "n1", "c1", 11, 7);
    }

    @Test
    void initErrorFromLogicIsRepliedAndNodeStaysUninitialised() {
        AtomicInteger inits = new AtomicInteger();
        NodeLogic refusing = (env, handlers) -> {
            handlers.on("echo", r -> r.reply("echo_ok"));
            if (inits.incrementAndGet() == 1) {
                throw new RpcError(ErrorCode.MALFORMED_REQUEST, "cannot serve 3 nodes");
            }
        };
        Lines.Run run = Lines.run(refusing, INIT, ECHO, INIT, ECHO);
        assertEquals(4, run.out().size(), run.out()::toString);
        assertError(run.line(0), "n1", "c0", 12, 1);
        assertEquals("cannot serve 3 nodes", run.line(0).path("body").path("text").textValue());
        assertError(run.line(1), "n1", "c1", 11, 7);
        assertEquals(Lines.parse(INIT_OK), run.line(2));
        assertEquals(Lines.parse("{\"src\":\"n1\",\"dest\":\"c1\",\"body\":{\"type\":\"echo_ok\",\"in_reply_to\":7}}"), run.line(3));
    }

    @Test
    void oversizedLineThroughThePublicPathIsSkipped() {
        long size = MessageCodec.MAX_LINE_BYTES + 10L;
        InputStream huge = new InputStream() {
            long left = size;

            @Override
            public int read() {
                if (left == 0) {
                    return -1;
                }
                left--;
                return left == size - 1 ? '[' : '1';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) ' ');
                left -= n;
                return n;
            }
        };
        InputStream in = new SequenceInputStream(java.util.Collections.enumeration(List.of(
                new ByteArrayInputStream((INIT + "\n").getBytes(StandardCharsets.UTF_8)), huge,
                new ByteArrayInputStream(("\n" + ECHO + "\n").getBytes(StandardCharsets.UTF_8)))));
        Lines.Run run = Lines.run(testLogic(), in);
        run.assertOut(INIT_OK, ECHO_OK);
        assertTrue(run.logged("exceeds"), () -> run.log().toString());
        assertFalse(run.logged("OutOfMemory"));
    }
}
