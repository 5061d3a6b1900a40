package glomers.core;

import static glomers.core.Lines.INIT;
import static glomers.core.Lines.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Timers through the real stdio runtime: they fire while stdin is idle, an earlier timer is not
 * held up by a later one, and the timer thread and the reading thread never run the node at once.
 */
@Timeout(30)
class StdioTimersTest {

    private static final long MILLIS = 1_000_000L;

    /** Stdin fed line by line from the test; blocks like a pipe until a line or the end comes. */
    static final class FeedInput extends InputStream {
        private static final byte[] END = new byte[0];
        private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
        private byte[] current = new byte[0];
        private int pos;

        void feed(String line) {
            chunks.add((line + "\n").getBytes(StandardCharsets.UTF_8));
        }

        void end() {
            chunks.add(END);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (current == END) {
                return -1;
            }
            if (pos == current.length) {
                try {
                    current = chunks.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -1;
                }
                pos = 0;
                if (current == END) {
                    return -1;
                }
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    /** A node running on its own thread, with stdin fed by the test and stdout watched. */
    static final class RunningNode implements AutoCloseable {
        final FeedInput in = new FeedInput();
        final ByteArrayOutputStream out = new ByteArrayOutputStream(); // its methods are synchronized
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread;

        RunningNode(NodeLogic logic) {
            thread = new Thread(() -> {
                try {
                    StdioRuntime.run(logic, List.of(), in, out, new StreamLog(l -> { }, Log.Level.INFO, StreamLog.Format.PLAIN));
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "node-under-test");
            thread.start();
            in.feed(INIT);
        }

        /** Waits for a line of stdout whose body matches; fails after 10 s. */
        JsonNode await(Predicate<JsonNode> body) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                for (String line : Lines.splitLines(out.toByteArray())) {
                    JsonNode message = Lines.parse(line);
                    if (body.test(message.get("body"))) {
                        return message;
                    }
                }
                Thread.sleep(5);
            }
            throw new AssertionError("no such line within 10 s; stdout:\n" + out);
        }

        /** Ends stdin and waits for the runtime to return; what it threw, if anything. */
        Throwable finish() throws InterruptedException {
            in.end();
            thread.join(10_000);
            assertTrue(!thread.isAlive(), "the runtime did not return after stdin ended");
            return failure.get();
        }

        @Override
        public void close() throws InterruptedException {
            if (thread.isAlive()) {
                finish();
            }
        }
    }

    private static Predicate<JsonNode> type(String type) {
        return body -> type.equals(body.path("type").asText());
    }

    @Test
    void aTimerFiresWhileStdinIsIdle() throws Exception {
        NodeLogic logic = (env, handlers) -> handlers.on("start", r -> {
            env.after(30 * MILLIS, () -> env.send("n2", Bodies.of("tick")));
            r.reply("start_ok");
        });
        try (RunningNode node = new RunningNode(logic)) {
            node.in.feed(request("c1", "start", 2, ""));
            assertEquals("n2", node.await(type("tick")).get("dest").asText());
            assertEquals(null, node.finish());
        }
    }

    @Test
    void anEarlierTimerIsNotHeldUpByALaterOne() throws Exception {
        NodeLogic logic = (env, handlers) -> handlers
                .on("far", r -> {
                    env.after(3_600_000 * MILLIS, () -> env.send("n2", Bodies.of("late")));
                    r.reply("far_ok");
                })
                .on("near", r -> {
                    env.after(20 * MILLIS, () -> env.send("n2", Bodies.of("tick")));
                    r.reply("near_ok");
                });
        try (RunningNode node = new RunningNode(logic)) {
            node.in.feed(request("c1", "far", 2, ""));
            node.await(type("far_ok"));
            Thread.sleep(50); // the timer thread is now waiting for the hour-long timer
            node.in.feed(request("c1", "near", 3, ""));
            node.await(type("tick"));
        }
    }

    @Test
    void anUnansweredRpcTimesOutWithoutFurtherInput() throws Exception {
        NodeLogic logic = (env, handlers) -> handlers.on("ask", r -> env.rpc("n2", Bodies.of("question"), 50 * MILLIS,
                reply -> {
                    ObjectNode answer = Bodies.of("ask_ok");
                    answer.set("code", reply.get("code"));
                    r.reply(answer);
                }));
        try (RunningNode node = new RunningNode(logic)) {
            node.in.feed(request("c1", "ask", 2, ""));
            node.await(type("question"));
            assertEquals(0, node.await(type("ask_ok")).get("body").get("code").asInt());
        }
    }

    /** Counts entries into the node that find another thread already inside. */
    static final class TurnChecker {
        int inside; // plain fields on purpose: the runtime's lock is what must keep them consistent
        int overlaps;
        int entries;

        void visit() {
            if (inside != 0) {
                overlaps++;
            }
            inside++;
            entries++;
            long until = System.nanoTime() + 20_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait(); // stay inside a while, so overlapping turns would show
            }
            inside--;
        }
    }

    @Test
    void timersAndHandlersTakeTurns() throws Exception {
        TurnChecker checker = new TurnChecker();
        CountDownLatch ticks = new CountDownLatch(200);
        NodeLogic logic = (env, handlers) -> {
            env.every(MILLIS, () -> {
                checker.visit();
                ticks.countDown();
            });
            handlers.on("work", r -> {
                checker.visit();
                r.reply("work_ok");
            });
        };
        int requests = 5_000;
        try (RunningNode node = new RunningNode(logic)) {
            for (int i = 0; i < requests; i++) {
                node.in.feed(request("c1", "work", 2 + i, ""));
                if (i % 50 == 0) {
                    Thread.sleep(1); // let timers and input interleave
                }
            }
            node.await(body -> body.path("in_reply_to").asLong() == 1 + requests);
            assertTrue(ticks.await(10, TimeUnit.SECONDS), "the periodic timer stopped firing");
            assertEquals(null, node.finish());
        }
        assertEquals(0, checker.overlaps, "the timer thread and the reading thread ran the node at once");
        assertTrue(checker.entries >= requests + 200, () -> checker.entries + " entries");
    }

    @Test
    void anErrorInATimerStopsTheNodeAtItsNextInput() throws Exception {
        CountDownLatch thrown = new CountDownLatch(1);
        NodeLogic logic = (env, handlers) -> handlers.on("start", r -> {
            env.after(10 * MILLIS, () -> {
                thrown.countDown();
                throw new OutOfMemoryError("pretend the heap ran out in a timer");
            });
            r.reply("start_ok");
        });
        try (RunningNode node = new RunningNode(logic)) {
            node.in.feed(request("c1", "start", 2, ""));
            assertTrue(thrown.await(10, TimeUnit.SECONDS));
            // No wait needed: the timer thread holds the turn until it has recorded the Error, and
            // the reading thread needs the turn to handle this line.
            node.in.feed(StdioRuntimeTest.ECHO);
            node.thread.join(10_000);
            Throwable failure = node.failure.get();
            assertInstanceOf(OutOfMemoryError.class, failure);
            // init_ok and start_ok only: nothing is answered after the node failed.
            assertEquals(2, Lines.splitLines(node.out.toByteArray()).size(), node.out::toString);
        }
    }
}
