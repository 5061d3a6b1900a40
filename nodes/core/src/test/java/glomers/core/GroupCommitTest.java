package glomers.core;

import static glomers.core.Lines.deliver;
import static glomers.core.Lines.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Replies wait for the commit at the end of the turn, one commit covers the turn's requests, and a failed one answers 13. */
class GroupCommitTest {

    final FakeClock clock = new FakeClock(1_000_000_000L);
    final List<Message> sent = new ArrayList<>();
    final List<String> log = new ArrayList<>();
    final List<String> committed = new ArrayList<>();
    final List<String> staged = new ArrayList<>();
    boolean failing;

    NodeHost host() {
        NodeHost host = new NodeHost((env, handlers) -> {
            GroupCommit commit = new GroupCommit(env, () -> {
                if (failing) {
                    throw new IOException("disk full");
                }
                committed.add(String.join(",", staged));
                staged.clear();
            });
            handlers.on("write", request -> {
                staged.add(request.body().path("v").asText());
                commit.await(request, Bodies.of("write_ok"));
            });
        }, clock, new SplittableRandom(1), sent::add, new StreamLog(log::add, Log.Level.INFO, StreamLog.Format.PLAIN),
                List.of("metrics-ms=0"));
        deliver(host, Lines.INIT);
        sent.clear();
        return host;
    }

    JsonNode line(int i) {
        return Lines.parse(MessageCodec.encode(sent.get(i)));
    }

    @Test
    void repliesWaitForOneCommitOfEveryRequestInTheTurn() {
        NodeHost host = host();
        deliver(host, Lines.request("c1", "write", 2, "\"v\":\"a\""));
        deliver(host, Lines.request("c2", "write", 3, "\"v\":\"b\""));
        assertEquals(0, sent.size(), "no reply before the commit");
        host.runDueTimers();
        assertEquals(List.of("a,b"), committed);
        assertEquals(2, sent.size());
        assertEquals("write_ok", line(0).path("body").path("type").asText());
        assertEquals(3, line(1).path("body").path("in_reply_to").asLong());
        deliver(host, Lines.request("c1", "write", 4, "\"v\":\"c\""));
        host.runDueTimers();
        assertEquals(List.of("a,b", "c"), committed, "the next turn commits again");
    }

    @Test
    void aFailedCommitAnswersEveryWaitingRequestWithAnIndefiniteError() {
        NodeHost host = host();
        failing = true;
        deliver(host, Lines.request("c1", "write", 2, "\"v\":\"a\""));
        deliver(host, Lines.request("c2", "write", 3, "\"v\":\"b\""));
        host.runDueTimers();
        assertEquals(List.of(), committed);
        assertEquals(2, sent.size());
        assertError(line(0), "n1", "c1", ErrorCode.CRASH.code(), 2);
        assertError(line(1), "n1", "c2", ErrorCode.CRASH.code(), 3);
        assertEquals(1, log.stream().filter(l -> l.contains("commit-failed")).count(), String.join("\n", log));
    }
}
