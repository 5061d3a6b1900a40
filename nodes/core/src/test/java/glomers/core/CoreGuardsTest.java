package glomers.core;

import static glomers.core.Lines.deliver;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** What the core refuses or drops before any handler runs, each under a flood. */
class CoreGuardsTest {

    static final long MS = 1_000_000L;

    final FakeClock clock = new FakeClock(1_000 * MS);
    final List<Message> sent = new ArrayList<>();
    final List<String> lines = new ArrayList<>();
    int handled;

    NodeHost host(List<String> args) {
        NodeHost host = new NodeHost((env, handlers) -> handlers.on("ping", request -> {
            handled++;
            request.reply("ping_ok");
        }), clock, new SplittableRandom(1), sent::add, new StreamLog(lines::add, Log.Level.INFO, StreamLog.Format.PLAIN),
                args);
        deliver(host, Lines.INIT);
        sent.clear();
        return host;
    }

    @Test
    void aFloodFromAnIdOutsideNodeIdsIsDroppedCountedAndLoggedSparingly() {
        NodeHost host = host(List.of("metrics-ms=0"));
        for (int i = 0; i < 100_000; i++) {
            deliver(host, "{\"src\":\"n9\",\"dest\":\"n1\",\"body\":{\"type\":\"ping\",\"msg_id\":" + i + "}}");
        }
        assertTrue(sent.isEmpty(), "nothing goes back to an id Maelstrom never named: " + sent.size());
        assertEquals(0, handled);
        assertEquals(100_000, host.metrics().counter("dropped-unknown-source").value());
        List<String> warnings = lines.stream().filter(l -> l.contains("dropped-unknown-source")).toList();
        assertEquals(6, warnings.size(), "the 1st, 10th, ... 100,000th: " + warnings);
        assertTrue(warnings.get(5).contains("(100000 so far)"), warnings::toString);
        deliver(host, Lines.request("n2", "ping", 1, ""));
        deliver(host, Lines.request("c3", "ping", 2, ""));
        assertEquals(2, handled, "peers and clients are served as before");
    }

    @Test
    void theClientRateLimitRefusesTheExcessWithA11AndRefillsOverTime() {
        NodeHost host = host(List.of("client-rate=100", "metrics-ms=0"));
        for (int i = 0; i < 1_000; i++) {
            deliver(host, Lines.request("c1", "ping", i, ""));
        }
        assertEquals(100, handled, "a burst of the rate, then nothing within the same instant");
        assertEquals(1_000, sent.size(), "every request answered");
        assertEquals(900, sent.stream().filter(m -> m.body().path("code").asInt() == 11).count());
        assertEquals(900, host.metrics().counter("refused-client-rate").value());
        deliver(host, Lines.request("c2", "ping", 1, ""));
        assertEquals(101, handled, "another client has its own bucket");
        clock.advanceMillis(100);
        for (int i = 0; i < 20; i++) {
            deliver(host, Lines.request("c1", "ping", 2_000 + i, ""));
        }
        assertEquals(111, handled, "100 per second: 10 more after 100 ms");
    }

    @Test
    void withoutTheArgumentThereIsNoLimit() {
        NodeHost host = host(List.of("metrics-ms=0"));
        for (int i = 0; i < 10_000; i++) {
            deliver(host, Lines.request("c1", "ping", i, ""));
        }
        assertEquals(10_000, handled);
    }

    @Test
    void theRateLimitForgetsTheOldestOfAFloodOfClientIds() {
        ClientRateLimit limit = new ClientRateLimit(5);
        for (int i = 0; i < 3 * ClientRateLimit.MAX_CLIENTS; i++) {
            assertTrue(limit.admit("c" + i, 0));
        }
        assertEquals(ClientRateLimit.MAX_CLIENTS, limit.clients());
    }

    @Test
    void badCoreArgumentsNameTheirValidValues() {
        assertTrue(CoreArgs.parse(List.of("client-rate=fast")).error.contains("bad client-rate 'fast'"));
        assertTrue(CoreArgs.parse(List.of("metrics-ms=-5")).error.contains("bad metrics-ms '-5'"));
        assertTrue(CoreArgs.parse(List.of("metrics-ms=")).error.contains("bad metrics-ms ''"));
        CoreArgs ok = CoreArgs.parse(List.of("--client-rate=50", "log=warn", "profile=frugal"));
        assertEquals(null, ok.error);
        assertEquals(50, ok.clientRate);
        assertEquals(Log.Level.WARN, ok.level);
        assertEquals(List.of("profile=frugal"), ok.logicArgs);
        assertFalse(CoreArgs.parse(List.of()).metricsMillis == 0, "metrics on by default");
    }

    @Test
    void pastTheirBoundRpcsAreRefusedWithADefinite11AndTheTableNeverGrowsBeyondIt() {
        // Each ping calls n2, which never answers: a flood of pings fills the pending-RPC table.
        NodeHost host = new NodeHost((env, handlers) -> handlers.on("ping", request ->
                env.rpc("n2", Bodies.nodes().objectNode().put("type", "pong"), 10_000 * MS, reply -> {
                    if (reply.path("type").asText().equals("error")) {
                        request.replyError(new RpcError(reply.path("code").asInt(), reply.path("text").asText()));
                    } else {
                        request.reply("ping_ok");
                    }
                })), clock, new SplittableRandom(1), sent::add,
                new StreamLog(lines::add, Log.Level.INFO, StreamLog.Format.PLAIN), List.of("metrics-ms=0"));
        deliver(host, Lines.INIT);
        sent.clear();
        int over = 25;
        for (int i = 0; i < NodeHost.MAX_PENDING_RPCS + over; i++) {
            deliver(host, Lines.request("c1", "ping", i, ""));
        }
        assertEquals(NodeHost.MAX_PENDING_RPCS, host.pendingRpcCount());
        assertEquals(NodeHost.MAX_PENDING_RPCS, sent.size(), "only the calls within the bound went out");
        host.runDueTimers();
        List<Message> refusals = sent.subList(NodeHost.MAX_PENDING_RPCS, sent.size());
        assertEquals(over, refusals.size(), "each call past the bound answered");
        assertTrue(refusals.stream().allMatch(m -> m.dest().equals("c1") && m.body().path("code").asInt() == 11),
                () -> refusals.get(0).toString());
        assertEquals(over, host.metrics().counter("refused-rpcs").value());
        assertEquals(2, lines.stream().filter(l -> l.contains("refused-rpcs")).count(), "logged at the 1st and 10th");
        clock.advanceMillis(10_001);
        host.runDueTimers();
        assertEquals(0, host.pendingRpcCount(), "every call timed out");
        sent.clear();
        deliver(host, Lines.request("c1", "ping", 1, ""));
        assertEquals("n2", sent.get(0).dest(), "room again: the next call goes out");
    }

    @Test
    void aFloodOfMadeUpTypesSharesOneMetricsEntry() throws Exception {
        NodeHost host = host(List.of("metrics-ms=0"));
        for (int i = 0; i < 10_000; i++) {
            deliver(host, Lines.request("c1", "made-up-" + i, i, ""));
        }
        com.fasterxml.jackson.databind.JsonNode messages = Lines.JSON.readTree(host.metricsJson()).path("messages");
        assertTrue(messages.size() <= Metrics.MAX_TYPES, "types kept: " + messages.size());
        long in = 0;
        for (com.fasterxml.jackson.databind.JsonNode type : messages) {
            in += type.path("in").asLong();
        }
        assertEquals(10_001, in, "every message counted (init too), the made-up types beyond the bound together");
        assertTrue(messages.path(Metrics.OTHER_TYPES).path("in").asLong() > 9_000, messages::toString);
        assertEquals(10_000, sent.stream().filter(m -> m.body().path("code").asInt() == 10).count(),
                "each refused as not supported");
    }
}
