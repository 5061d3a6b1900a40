package glomers.core;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What Maelstrom runs: a reader thread parses stdin lines into a bounded queue; one loop thread
 * owns the node, runs handlers and due timers, and flushes stdout once per drained batch, so an
 * idle node answers at once and a busy one does not pay a system call per line.
 */
@SuppressForbidden("the stdio runtime owns the reader thread, the blocking queue and the real stdout")
public final class StdioRuntime {

    /** Lines handled before a flush even if more are waiting, so replies never wait long. */
    static final int MAX_BATCH = 1024;
    private static final int QUEUE_CAPACITY = 16_384;

    private final NodeHost host;
    private final OutputStream out;
    private final Clock clock;
    private final BlockingQueue<Inbound> inbound = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    /** Only the loop thread writes, so one line buffer serves every message. */
    private final MessageCodec.LineBuffer line = new MessageCodec.LineBuffer();

    private StdioRuntime(NodeLogic logic, List<String> args, InputStream in, OutputStream out, Clock clock, Log log) {
        this.out = out;
        this.clock = clock;
        SplittableRandom random = new SplittableRandom(clock.nanoTime() ^ (clock.epochMillis() << 20));
        // Inner classes, not lambdas, on the way to the first reply: see StreamLog.stderr.
        this.host = new NodeHost(logic, clock, random, new Outbox() {
            @Override
            public void send(Message message) {
                write(message);
            }
        }, log, args);
        Thread reader = new Thread(new Runnable() {
            @Override
            public void run() {
                readLoop(in, log);
            }
        }, "stdin-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Runs {@code logic} on this process's stdin and stdout until stdin ends. */
    public static void run(NodeLogic logic, String[] args) {
        PrintStream stdout = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        // Nothing but envelopes may reach stdout: anything else that prints goes to stderr.
        System.setOut(System.err);
        OutputStream out = new BufferedOutputStream(stdout, 1 << 16);
        new StdioRuntime(logic, Arrays.asList(args), System.in, out, new SystemClock(), StreamLog.stderr()).loop();
    }

    /** Runs on the given streams until {@code in} ends; for tests and benchmarks. */
    public static void run(NodeLogic logic, List<String> args, InputStream in, OutputStream out, Log log) {
        run(logic, args, in, out, new SystemClock(), log);
    }

    /** As above with a given clock; it is read from the reader thread too, so it must be thread-safe. */
    static void run(NodeLogic logic, List<String> args, InputStream in, OutputStream out, Clock clock, Log log) {
        new StdioRuntime(logic, args, in, out, clock, log).loop();
    }

    private void loop() {
        List<Inbound> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            Inbound first = awaitNext();
            if (first == Inbound.END) {
                flush();
                return;
            }
            if (first != null) {
                handle(first);
                batch.clear();
                inbound.drainTo(batch, MAX_BATCH - 1);
                for (Inbound next : batch) {
                    if (next == Inbound.END) {
                        host.runDueTimers();
                        flush();
                        return;
                    }
                    handle(next);
                }
            }
            host.runDueTimers();
            flush();
        }
    }

    /** Waits for a line until the next timer is due; null when a timer is due first. */
    private Inbound awaitNext() {
        long deadline = host.nextDeadlineNanos();
        long now = clock.nanoTime();
        long waitNanos = deadline - now;
        if (deadline == Long.MAX_VALUE || ((deadline ^ now) & (deadline ^ waitNanos)) < 0) {
            // No timer, or a distance that overflows (nanoTime may be negative): wait for input only.
            waitNanos = Long.MAX_VALUE;
        }
        try {
            if (waitNanos <= 0) {
                return inbound.poll();
            }
            return inbound.poll(waitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Inbound.END;
        }
    }

    private void handle(Inbound next) {
        if (next.message != null) {
            host.onMessage(next.message, next.receivedNanos);
        } else {
            host.onMalformed(next.problem, next.line);
        }
    }

    private void write(Message message) {
        try {
            MessageCodec.write(message, out, line);
        } catch (IOException e) {
            host.log().error("dropped " + message.body().path("type").asText() + " from " + message.src()
                    + " to " + message.dest() + ": could not serialise or write it", e);
        }
    }

    private void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            host.log().error("could not flush stdout", e);
        }
    }

    private void readLoop(InputStream in, Log log) {
        LineReader reader = new LineReader(in, MessageCodec.MAX_LINE_BYTES);
        LineReader.Sink sink = new LineReader.Sink() {
            @Override
            public void line(byte[] bytes, int length) {
                // Stamped on arrival: time spent in the queue counts against the client's 5 s.
                enqueue(parse(bytes, length, clock.nanoTime()));
            }

            @Override
            public void oversized(long length) {
                enqueue(Inbound.malformed("line of " + length + " bytes exceeds " + MessageCodec.MAX_LINE_BYTES, ""));
            }
        };
        try {
            while (reader.next(sink)) {
                // each line was handed to the sink
            }
        } catch (IOException e) {
            log.error("stdin failed; no more input", e);
        } finally {
            enqueue(Inbound.END);
        }
    }

    private static Inbound parse(byte[] bytes, int length, long receivedNanos) {
        try {
            return new Inbound(MessageCodec.parse(bytes, 0, length), receivedNanos, null, null);
        } catch (MalformedMessageException e) {
            return Inbound.malformed(e.getMessage(), new String(bytes, 0, Math.min(length, 1000), StandardCharsets.UTF_8));
        }
    }

    private void enqueue(Inbound item) {
        try {
            inbound.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Inbound(Message message, long receivedNanos, String problem, String line) {
        static final Inbound END = new Inbound(null, 0, "end of input", "");

        static Inbound malformed(String problem, String line) {
            return new Inbound(null, 0, problem, line);
        }
    }
}
