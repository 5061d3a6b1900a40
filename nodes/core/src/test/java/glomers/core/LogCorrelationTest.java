package glomers.core;

import static glomers.core.Lines.deliver;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The log's lines as a reader of a run's logs meets them: one JSON object each, stamped with the
 * node, the time, the message in hand and the client request the work serves, across an RPC and
 * to the peer that does the work.
 */
class LogCorrelationTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final long MS = 1_000_000L;

    final FakeClock clock = new FakeClock(1_000 * MS);
    final List<Message> sent = new ArrayList<>();
    final List<String> lines = new ArrayList<>();

    NodeHost host(NodeLogic logic, Log.Level level, List<String> args) {
        return new NodeHost(logic, clock, new SplittableRandom(1), sent::add,
                new StreamLog(lines::add, level, StreamLog.Format.JSON), args);
    }

    List<JsonNode> json() {
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : lines) {
            try {
                parsed.add(JSON.readTree(line));
            } catch (Exception e) {
                throw new AssertionError("not one JSON object: " + line, e);
            }
        }
        return parsed;
    }

    /** Asks peer n2 over an RPC for each client request, and logs when the answer comes back. */
    NodeLogic asking() {
        return (env, handlers) -> handlers.on("ask", request -> env.rpc("n2", Bodies.of("lookup"), 1_000 * MS,
                reply -> {
                    env.log().info("answered", "n2 answered " + reply.path("type").asText());
                    request.reply("ask_ok");
                }));
    }

    @Test
    void everyLineIsOneJsonObjectWithTheNodeAndTheMessageInHand() {
        NodeHost host = host(asking(), Log.Level.DEBUG, List.of());
        deliver(host, Lines.INIT);
        deliver(host, Lines.request("c4", "ask", 9, ""));
        JsonNode recv = json().stream().filter(l -> l.path("event").asText().equals("recv")
                && l.path("src").asText().equals("c4")).findFirst().orElseThrow();
        assertEquals("debug", recv.path("level").asText());
        assertEquals("n1", recv.path("node").asText());
        assertEquals("n1", recv.path("dest").asText());
        assertEquals(9, recv.path("msg_id").asLong());
        assertEquals("c4 9", recv.path("req").asText());
        assertEquals(clock.epochMillis(), recv.path("time").asLong());
        assertTrue(recv.path("msg").asText().contains("\"type\":\"ask\""), recv::toString);
    }

    @Test
    void thePeersMessageCarriesTheRequestAndItsAnswerKeepsIt() {
        NodeHost host = host(asking(), Log.Level.INFO, List.of());
        deliver(host, Lines.INIT);
        sent.clear();
        deliver(host, Lines.request("c4", "ask", 9, ""));
        Message lookup = sent.get(0);
        assertEquals("c4 9", lookup.body().path("req").asText(), "the correlation id rides in the body to n2");
        deliver(host, "{\"src\":\"n2\",\"dest\":\"n1\",\"body\":{\"type\":\"lookup_ok\",\"in_reply_to\":"
                + lookup.msgId() + "}}");
        JsonNode answered = json().stream().filter(l -> l.path("event").asText().equals("answered"))
                .findFirst().orElseThrow(() -> new AssertionError(lines.toString()));
        assertEquals("n2", answered.path("src").asText(), "the message in hand is n2's reply");
        assertEquals(lookup.msgId(), answered.path("in_reply_to").asLong());
        assertEquals("c4 9", answered.path("req").asText(), "but the work serves c4's request");
    }

    @Test
    void aPeerHandlingACarriedRequestLogsItAsItsOwn() {
        NodeHost host = host((env, handlers) -> handlers.on("lookup", request -> {
            env.log().warn("looked-up", "for whoever asked");
            request.reply("lookup_ok");
        }), Log.Level.INFO, List.of());
        deliver(host, Lines.INIT);
        deliver(host, "{\"src\":\"n2\",\"dest\":\"n1\",\"body\":{\"type\":\"lookup\",\"msg_id\":3,\"req\":\"c4 9\"}}");
        JsonNode line = json().stream().filter(l -> l.path("event").asText().equals("looked-up")).findFirst()
                .orElseThrow();
        assertEquals("c4 9", line.path("req").asText());
    }

    @Test
    void workOutsideAnyMessageCarriesNoMessageFields() {
        NodeHost host = host((env, handlers) -> env.every(10 * MS, () -> env.log().info("tick", "tock")),
                Log.Level.INFO, List.of());
        deliver(host, Lines.INIT);
        clock.advanceMillis(10);
        host.runDueTimers();
        JsonNode tick = json().stream().filter(l -> l.path("event").asText().equals("tick")).findFirst()
                .orElseThrow();
        assertEquals("n1", tick.path("node").asText());
        assertFalse(tick.has("src") || tick.has("req") || tick.has("msg_id"), tick::toString);
    }

    @Test
    void aboutNamesTheRequestForBatchedWork() {
        NodeHost host = host((env, handlers) -> env.every(10 * MS,
                () -> env.log().about("c7 2").info("batch", "applied")), Log.Level.INFO, List.of());
        deliver(host, Lines.INIT);
        clock.advanceMillis(10);
        host.runDueTimers();
        assertEquals("c7 2", json().stream().filter(l -> l.path("event").asText().equals("batch")).findFirst()
                .orElseThrow().path("req").asText());
    }

    @Test
    void textIsEscapedSoEveryLineStaysOneObject() {
        StreamLog log = new StreamLog(lines::add, Log.Level.INFO, StreamLog.Format.JSON);
        log.error("odd", "quote \" backslash \\ newline \n tab \t bell \u0007", new IllegalStateException("boom"));
        assertEquals(1, lines.size());
        JsonNode line = json().get(0);
        assertEquals("quote \" backslash \\ newline \n tab \t bell \u0007", line.path("msg").asText());
        assertTrue(line.path("error").asText().contains("java.lang.IllegalStateException: boom"));
    }

    @Test
    void linesBelowTheLevelAreNotWritten() {
        StreamLog log = new StreamLog(lines::add, Log.Level.WARN, StreamLog.Format.JSON);
        log.debug("a", "x");
        log.info("b", "x");
        log.warn("c", "x");
        log.error("d", "x", null);
        assertEquals(List.of("c", "d"), json().stream().map(l -> l.path("event").asText()).toList());
        assertFalse(log.debugEnabled());
    }

    @Test
    void theLogArgumentsSetLevelAndFormatAndAreNotTheLogicsToSee() {
        List<List<String>> argsSeen = new ArrayList<>();
        NodeHost host = host((env, handlers) -> {
            argsSeen.add(env.args());
            env.log().debug("hello", "at init");
        }, Log.Level.INFO, List.of("log=debug", "--log-format=plain", "profile=frugal"));
        deliver(host, Lines.INIT);
        assertEquals(List.of(List.of("profile=frugal")), argsSeen);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("DEBUG n1 hello: at init")), lines::toString);
    }

    @Test
    void aBadLogArgumentFailsInitWithTheValidValues() {
        NodeHost host = host((env, handlers) -> { }, Log.Level.INFO, List.of("log=loud"));
        deliver(host, Lines.INIT);
        JsonNode reply = Lines.parse(MessageCodec.encode(sent.get(0)));
        assertEquals("error", reply.path("body").path("type").asText());
        assertEquals(12, reply.path("body").path("code").asInt());
        assertTrue(reply.path("body").path("text").asText().contains("valid: debug, info, warn, error"), reply::toString);
        assertFalse(host.initialised());
    }
}
