package glomers.core;

import static glomers.core.Lines.deliver;
import static glomers.core.Lines.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** NodeHost driven by hand with a fake clock: the rows of the table that need time. */
@Timeout(30)
class NodeHostTest {

    static final long MS = 1_000_000L;

    final FakeClock clock = new FakeClock(1_000 * MS);
    final List<Message> sent = new ArrayList<>();
    final List<String> log = new ArrayList<>();
    final List<ObjectNode> replies = new ArrayList<>();
    Env env;
    Request held;

    NodeHost host(NodeLogic logic) {
        // Each message as it was when sent, as the runtimes write it at once (see Outbox).
        return new NodeHost(logic, clock, new SplittableRandom(1),
                m -> sent.add(new Message(m.src(), m.dest(), m.body().deepCopy())), new StreamLog(log::add, Log.Level.DEBUG, StreamLog.Format.PLAIN),
                List.of("metrics-ms=0")); // no metrics timer among the timers these tests count
    }

    NodeHost initialised(NodeLogic logic) {
        NodeHost host = host(logic);
        deliver(host, Lines.INIT);
        assertEquals(1, sent.size());
        assertEquals(Lines.parse(Lines.INIT_OK), line(0));
        sent.clear();
        return host;
    }

    NodeLogic holding() {
        return (e, h) -> {
            env = e;
            h.on("hold", r -> held = r);
        };
    }

    JsonNode line(int i) {
        return Lines.parse(MessageCodec.encode(sent.get(i)));
    }

    void step(NodeHost host, long ms) {
        clock.advanceMillis(ms);
        host.runDueTimers();
    }

    // ---- replies to clients after their timeout ----

    @Test
    void replyToClientWithinDeadlineIsSent() {
        NodeHost host = initialised(holding());
        deliver(host, Lines.request("c1", "hold", 3, ""));
        clock.advanceMillis(4_500);
        held.reply("hold_ok");
        assertEquals(1, sent.size());
        assertEquals(Lines.parse("{\"src\":\"n1\",\"dest\":\"c1\",\"body\":{\"type\":\"hold_ok\",\"in_reply_to\":3}}"), line(0));
    }

    @Test
    void replyToClientAfterDeadlineIsNotSent() {
        NodeHost host = initialised(holding());
        deliver(host, Lines.request("c1", "hold", 3, ""));
        clock.advanceMillis(4_501);
        held.reply("hold_ok");
        assertEquals(List.of(), sent);
        assertTrue(log.stream().anyMatch(l -> l.contains("reply to c1 dropped")), log::toString);
        assertTrue(held.replied());
    }

    @Test
    void deadlineCountsFromTheReceiveTimeTheRuntimePassed() {
        NodeHost host = initialised(holding());
        long readAt = clock.nanoTime();
        clock.advanceMillis(4_600); // the line waited in a runtime's queue
        host.onMessage(parsed(Lines.request("c1", "hold", 3, "")), readAt);
        held.reply("hold_ok");
        assertEquals(List.of(), sent);
    }

    @Test
    void initOkIsSentUpToTheInitClientsLongerTimeout() {
        // Maelstrom's init client waits 10 s, not 5: a slow start must not turn into a lost init_ok.
        NodeHost host = host(holding());
        long readAt = clock.nanoTime();
        clock.advanceMillis(7_000);
        host.onMessage(parsed(Lines.INIT), readAt);
        assertEquals(1, sent.size(), log::toString);
        assertEquals(Lines.parse(Lines.INIT_OK), line(0));
    }

    @Test
    void initOkLaterThanTheInitTimeoutIsNotSent() {
        NodeHost host = host(holding());
        long readAt = clock.nanoTime();
        clock.advanceMillis(10_000);
        host.onMessage(parsed(Lines.INIT), readAt);
        assertEquals(List.of(), sent);
        assertTrue(host.initialised());
    }

    static Message parsed(String line) {
        try {
            return MessageCodec.parse(line);
        } catch (MalformedMessageException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void lateReplyToAPeerNodeIsStillSent() {
        NodeHost host = initialised(holding());
        deliver(host, Lines.request("n2", "hold", 3, ""));
        clock.advanceMillis(60_000);
        held.reply("hold_ok");
        assertEquals(Lines.parse("{\"src\":\"n1\",\"dest\":\"n2\",\"body\":{\"type\":\"hold_ok\",\"in_reply_to\":3}}"), line(0));
    }

    @Test
    void secondReplyIsDropped() {
        NodeHost host = initialised(holding());
        deliver(host, Lines.request("c1", "hold", 3, ""));
        held.reply("hold_ok");
        held.reply("hold_ok");
        assertEquals(1, sent.size());
        assertTrue(log.stream().anyMatch(l -> l.contains("second reply")));
    }

    // ---- RPCs ----

    @Test
    void rpcReplyCallsCallbackOnceAndFreesTheEntry() {
        NodeHost host = initialised(holding());
        env.rpc("n2", Bodies.of("read"), 1_000 * MS, replies::add);
        assertEquals(Lines.parse("{\"src\":\"n1\",\"dest\":\"n2\",\"body\":{\"type\":\"read\",\"msg_id\":1}}"), line(0));
        assertEquals(1, host.pendingRpcCount());
        deliver(host, "{\"src\":\"n2\",\"dest\":\"n1\",\"body\":{\"type\":\"read_ok\",\"in_reply_to\":1,\"value\":5}}");
        assertEquals(1, replies.size());
        assertEquals(5, replies.get(0).path("value").intValue());
        assertEquals(0, host.pendingRpcCount());
        step(host, 5_000);
        deliver(host, "{\"src\":\"n2\",\"dest\":\"n1\",\"body\":{\"type\":\"read_ok\",\"in_reply_to\":1,\"value\":6}}");
        assertEquals(1, replies.size(), "timeout or duplicate reply called the callback again");
        assertTrue(log.stream().anyMatch(l -> l.startsWith("DEBUG") && l.contains("matching no pending RPC")), log::toString);
    }

    @Test
    void rpcTimeoutCallsCallbackOnceWithCode0AndFreesTheEntry() {
        NodeHost host = initialised(holding());
        env.rpc("n2", Bodies.of("read"), 1_000 * MS, replies::add);
        step(host, 999);
        assertEquals(List.of(), replies);
        step(host, 1);
        assertEquals(1, replies.size());
        ObjectNode timeout = replies.get(0);
        assertEquals("error", timeout.path("type").textValue());
        assertEquals(0, timeout.path("code").intValue());
        assertTrue(timeout.path("text").textValue().contains("n2"));
        assertEquals(0, host.pendingRpcCount());
        assertFalse(RpcError.of(timeout).orElseThrow().definite());

        deliver(host, "{\"src\":\"n2\",\"dest\":\"n1\",\"body\":{\"type\":\"read_ok\",\"in_reply_to\":1}}");
        step(host, 10_000);
        assertEquals(1, replies.size(), "a late reply reached the callback");
        assertEquals(0, host.pendingRpcCount());
    }

    @Test
    void replyFromTheWrongNodeDoesNotCompleteTheRpc() {
        NodeHost host = initialised(holding());
        env.rpc("n2", Bodies.of("read"), 1_000 * MS, replies::add);
        deliver(host, "{\"src\":\"n3\",\"dest\":\"n1\",\"body\":{\"type\":\"read_ok\",\"in_reply_to\":1}}");
        assertEquals(List.of(), replies);
        assertEquals(1, host.pendingRpcCount());
        deliver(host, "{\"src\":\"n2\",\"dest\":\"n1\",\"body\":{\"type\":\"read_ok\",\"in_reply_to\":1}}");
        assertEquals(1, replies.size());
    }

    @Test
    void failingCallbackIsLoggedAndTheNodeGoesOn() {
        NodeHost host = initialised(holding());
        env.rpc("n2", Bodies.of("read"), 1_000 * MS, r -> {
            throw new IllegalStateException("callback broke");
        });
        deliver(host, "{\"src\":\"n2\",\"dest\":\"n1\",\"body\":{\"type\":\"read_ok\",\"in_reply_to\":1}}");
        assertTrue(log.stream().anyMatch(l -> l.contains("callback broke")));
        assertEquals(0, host.pendingRpcCount());
    }

    @Test
    void rpcToUnknownDestinationIsNotWrittenAndTimesOut() {
        NodeHost host = initialised(holding());
        env.rpc("n9", Bodies.of("read"), 100 * MS, replies::add);
        assertEquals(List.of(), sent);
        assertTrue(log.stream().anyMatch(l -> l.contains("unknown destination n9")));
        step(host, 100);
        assertEquals(1, replies.size());
        assertEquals(0, host.pendingRpcCount());
    }

    @Test
    void oneBodyRpcedToManyPeersKeepsEachMsgId() {
        // One body for a fan-out: each call its own msg_id, and the caller's body left alone.
        NodeHost host = initialised(holding());
        ObjectNode gossip = Bodies.of("gossip");
        env.rpc("n2", gossip, 1_000 * MS, replies::add);
        env.rpc("n3", gossip, 1_000 * MS, replies::add);
        assertEquals(1, sent.get(0).msgId());
        assertEquals(2, sent.get(1).msgId());
        assertEquals(-1, new Message("n1", "n2", gossip).msgId(), "the caller's body has no msg_id");
        deliver(host, "{\"src\":\"n2\",\"dest\":\"n1\",\"body\":{\"type\":\"gossip_ok\",\"in_reply_to\":1}}");
        deliver(host, "{\"src\":\"n3\",\"dest\":\"n1\",\"body\":{\"type\":\"gossip_ok\",\"in_reply_to\":2}}");
        assertEquals(2, replies.size());
    }

    /** Each reply is written with its own in_reply_to, though the body is the same object. */
    @Test
    void oneBodyRepliedToManyRequestsKeepsEachInReplyTo() {
        List<Request> requests = new ArrayList<>();
        NodeHost host = initialised((e, h) -> h.on("hold", requests::add));
        deliver(host, Lines.request("c1", "hold", 3, ""));
        deliver(host, Lines.request("c2", "hold", 4, ""));
        ObjectNode ok = Bodies.of("hold_ok");
        requests.forEach(r -> r.reply(ok));
        assertEquals(3, sent.get(0).inReplyTo());
        assertEquals(4, sent.get(1).inReplyTo());
    }

    // ---- timers ----

    @Test
    void oneShotTimerFiresOnceAtItsDeadline() {
        NodeHost host = initialised(holding());
        List<Long> fired = new ArrayList<>();
        env.after(100 * MS, () -> fired.add(clock.nanoTime()));
        assertEquals(clock.nanoTime() + 100 * MS, host.nextDeadlineNanos());
        step(host, 99);
        assertEquals(List.of(), fired);
        step(host, 1);
        assertEquals(1, fired.size());
        step(host, 1_000);
        assertEquals(1, fired.size());
        assertEquals(Long.MAX_VALUE, host.nextDeadlineNanos());
    }

    @Test
    void periodicTimerFiresEveryPeriodAndSkipsMissedTicks() {
        NodeHost host = initialised(holding());
        int[] ticks = {0};
        Timer timer = env.every(10 * MS, () -> ticks[0]++);
        step(host, 10);
        step(host, 10);
        assertEquals(2, ticks[0]);
        step(host, 55); // five periods missed: one catch-up tick, not five
        assertEquals(3, ticks[0]);
        step(host, 10);
        assertEquals(4, ticks[0]);
        timer.cancel();
        step(host, 100);
        assertEquals(4, ticks[0]);
        timer.cancel();
        assertEquals(Long.MAX_VALUE, host.nextDeadlineNanos());
    }

    @Test
    void timerCancelledBeforeItsDeadlineNeverFires() {
        NodeHost host = initialised(holding());
        int[] ticks = {0};
        Timer once = env.after(10 * MS, () -> ticks[0]++);
        once.cancel();
        step(host, 100);
        assertEquals(0, ticks[0]);
    }

    @Test
    void periodicTimerCanCancelItselfFromItsTask() {
        NodeHost host = initialised(holding());
        int[] ticks = {0};
        Timer[] self = new Timer[1];
        self[0] = env.every(10 * MS, () -> {
            if (++ticks[0] == 3) {
                self[0].cancel();
            }
        });
        for (int i = 0; i < 10; i++) {
            step(host, 10);
        }
        assertEquals(3, ticks[0]);
    }

    @Test
    void timersFireInDeadlineOrderThenInsertionOrder() {
        NodeHost host = initialised(holding());
        List<String> order = new ArrayList<>();
        env.after(20 * MS, () -> order.add("b"));
        env.after(10 * MS, () -> order.add("a"));
        env.after(20 * MS, () -> order.add("c"));
        env.after(0, () -> order.add("now"));
        step(host, 30);
        assertEquals(List.of("now", "a", "b", "c"), order);
    }

    @Test
    void failingTimerTaskIsLoggedAndOthersStillRun() {
        NodeHost host = initialised(holding());
        int[] ticks = {0};
        env.after(10 * MS, () -> {
            throw new IllegalStateException("timer broke");
        });
        env.every(10 * MS, () -> ticks[0]++);
        step(host, 10);
        step(host, 10);
        assertEquals(2, ticks[0]);
        assertTrue(log.stream().anyMatch(l -> l.contains("timer broke")));
    }

    @Test
    void hugeDelaysNeverWrapAroundIntoThePast() {
        FakeClock late = new FakeClock(Long.MAX_VALUE / 2);
        clock.nanos = late.nanos;
        NodeHost host = initialised(holding());
        int[] ticks = {0};
        env.after(Long.MAX_VALUE, () -> ticks[0]++);
        env.every(Long.MAX_VALUE, () -> ticks[0]++);
        env.rpc("n2", Bodies.of("read"), Long.MAX_VALUE, replies::add);
        step(host, 1);
        assertEquals(0, ticks[0], "a timer with a huge delay fired at once");
        assertEquals(List.of(), replies, "an RPC with a huge timeout timed out at once");
        assertTrue(host.nextDeadlineNanos() > clock.nanoTime());
    }

    @Test
    void periodicTimerWithHugePeriodDoesNotSpin() {
        clock.nanos = 0;
        NodeHost host = initialised(holding());
        int[] ticks = {0};
        env.every(Long.MAX_VALUE - 5, () -> ticks[0]++);
        clock.nanos = Long.MAX_VALUE - 5;
        host.runDueTimers();
        assertEquals(1, ticks[0]);
        host.runDueTimers();
        assertEquals(1, ticks[0]);
    }

    // ---- init ----

    @Test
    void failedInitLeavesNoTraceOfTheAttempt() {
        int[] ticks = {0};
        NodeHost host = host((e, h) -> {
            env = e;
            h.on("echo", r -> r.reply("echo_ok"));
            e.every(10 * MS, () -> ticks[0]++);
            e.rpc("n2", Bodies.of("hello"), 1_000 * MS, replies::add);
            throw new RpcError(ErrorCode.MALFORMED_REQUEST, "no");
        });
        deliver(host, Lines.INIT);
        assertFalse(host.initialised());
        assertNull(host.nodeId());
        assertEquals(List.of(), host.nodeIds(), "node ids of a refused init are still visible");
        sent.removeIf(m -> !m.dest().equals("c0"));
        assertEquals(1, sent.size());
        assertError(line(0), "n1", "c0", 12, 1);
        step(host, 5_000);
        assertEquals(0, ticks[0], "a timer scheduled by a refused init still fires");
        assertEquals(List.of(), replies, "an RPC sent by a refused init still completes");
        assertEquals(0, host.pendingRpcCount());
        assertEquals(Long.MAX_VALUE, host.nextDeadlineNanos());
    }

    @Test
    void crashingInitIsError13() {
        NodeHost host = host((e, h) -> {
            throw new IllegalStateException("init broke");
        });
        deliver(host, Lines.INIT);
        assertFalse(host.initialised());
        assertError(line(0), "n1", "c0", 13, 1);
        assertTrue(log.stream().anyMatch(l -> l.contains("init broke") && l.contains("\tat ")));
    }

    @Test
    void repeatedIdenticalInitIsAnsweredAgainAndDifferentOneRefused() {
        NodeHost host = initialised(holding());
        deliver(host, Lines.INIT);
        assertEquals(Lines.parse(Lines.INIT_OK), line(0));
        deliver(host, Lines.INIT.replace("\"node_ids\":[\"n1\",\"n2\",\"n3\"]", "\"node_ids\":[\"n1\"]").replace("\"msg_id\":1", "\"msg_id\":2"));
        assertError(line(1), "n1", "c0", 12, 2);
        assertEquals(List.of("n1", "n2", "n3"), host.nodeIds());
    }

    // ---- a node frozen with requests in its pipe ----

    @Test
    void aRequestReadAfterAFreezeCountsItsDeadlineFromWhenTheNodeStopped() {
        NodeHost host = initialised(holding());
        env.every(10 * MS, () -> { });
        clock.advanceMillis(4_000); // frozen: the 10 ms timer is 4 s overdue, nothing ran
        deliver(host, Lines.request("c1", "hold", 3, ""));
        clock.advanceMillis(600);
        held.reply("hold_ok");
        assertEquals(List.of(), sent, "4.6 s since the node stopped: the client may be gone, so no reply");
    }

    @Test
    void aTimerLateWithinTheMarginChangesNoDeadline() {
        NodeHost host = initialised(holding());
        env.every(10 * MS, () -> { });
        clock.advanceMillis(400);
        deliver(host, Lines.request("c1", "hold", 3, ""));
        clock.advanceMillis(4_400);
        held.reply("hold_ok");
        assertEquals(1, sent.size(), "4.4 s after it was read, inside the deadline");
    }
}
