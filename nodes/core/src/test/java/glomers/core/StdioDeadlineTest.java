package glomers.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client deadline counts from when a line was read from stdin, not from when the node got to it. */
@Timeout(30)
class StdioDeadlineTest {

    static final class SteppedClock implements Clock {
        final AtomicLong nanos = new AtomicLong(1_000_000_000L);

        @Override
        public long nanoTime() {
            return nanos.get();
        }

        @Override
        public long epochMillis() {
            return 1_750_000_000_000L + nanos.get() / 1_000_000;
        }
    }

    @Test
    void requestReadBeforeASlowHandlerAndPastTheDeadlineIsNotAnswered() {
        SteppedClock clock = new SteppedClock();
        String input = String.join("\n", Lines.INIT,
                Lines.request("n2", "slow", 2, ""),
                Lines.request("c1", "echo", 7, "\"echo\":\"hi\""),
                Lines.request("n2", "echo", 8, "\"echo\":\"peer\"")) + "\n";
        // One read brings every line in, so all are stamped before the slow handler runs.
        var in = new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8));
        NodeLogic logic = (env, handlers) -> {
            StdioRuntimeTest.testLogic().onInit(env, handlers);
            handlers.on("slow", r -> {
                clock.nanos.addAndGet(5_000_000_000L); // this handler took 5 s
                r.reply("slow_ok");
            });
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        StdioRuntime.run(logic, List.of(), in, out, clock, new StreamLog(log::add, Log.Level.DEBUG, StreamLog.Format.PLAIN));
        Lines.Run run = new Lines.Run(Lines.splitLines(out.toByteArray()), List.copyOf(log));
        run.assertOut(Lines.INIT_OK,
                "{\"src\":\"n1\",\"dest\":\"n2\",\"body\":{\"type\":\"slow_ok\",\"in_reply_to\":2}}",
                "{\"src\":\"n1\",\"dest\":\"n2\",\"body\":{\"type\":\"echo_ok\",\"echo\":\"peer\",\"in_reply_to\":8}}");
        assertTrue(run.logged("reply to c1 dropped after 5000 ms"), () -> run.log().toString());
        assertEquals(3, run.out().size());
    }

    @Test
    void aNegativeClockWithNoTimersStillAnswers() {
        // System.nanoTime() may be negative; "no timer" minus a negative now must not overflow.
        SteppedClock clock = new SteppedClock();
        clock.nanos.set(Long.MIN_VALUE / 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String input = Lines.INIT + "\n" + StdioRuntimeTest.ECHO + "\n";
        StdioRuntime.run(StdioRuntimeTest.testLogic(), List.of(), new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out,
                clock, new StreamLog(l -> { }, Log.Level.INFO, StreamLog.Format.PLAIN));
        new Lines.Run(Lines.splitLines(out.toByteArray()), List.of()).assertOut(Lines.INIT_OK, StdioRuntimeTest.ECHO_OK);
    }
}
