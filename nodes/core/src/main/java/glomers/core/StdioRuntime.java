package glomers.core;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What Maelstrom runs. The calling thread reads stdin and runs the node on the lines it reads; a
 * timer thread runs the node when a timer is due. They take turns under one lock, so the logic
 * never runs on two threads at once and each turn sees what the turns before it wrote. Stdout is
 * flushed once per batch: the lines that one read of stdin brought in (at most {@link #MAX_BATCH}),
 * or the timers due at one moment.
 *
 * <p>Why not a reader thread handing lines to a loop thread: each hand-off is a thread wake-up, and
 * on a virtual machine with idle cores a wake-up now and then waits milliseconds for its core. A
 * request answered on the thread that read it costs none (echo p99 at 1,000 req/s went from
 * 1.0–1.4 ms to 0.5–0.85 ms: README, "Open items"). Lines are stamped when read from stdin,
 * so one that waited in the pipe behind a long handler is not stamped on arrival; the pipe
 * holds 64 KB, a few milliseconds of work.
 */
@SuppressForbidden("the stdio runtime owns the timer thread, the lock and the real stdout")
public final class StdioRuntime {

    /** Lines handled before a flush even if more are buffered, so replies never wait long. */
    static final int MAX_BATCH = 1024;

    private final NodeHost host;
    private final OutputStream out;
    private final Clock clock;
    private final Log log;
    private final StampedInput in;
    private final LineReader reader;
    /** Held by whichever thread runs the node. */
    private final ReentrantLock turn = new ReentrantLock();
    /** Signalled when the next timer moved earlier than the timer thread is waiting for, or input ended. */
    private final Condition timersChanged = turn.newCondition();
    /** Only the thread holding the turn writes, so one line buffer serves every message. */
    private final MessageCodec.LineBuffer line = new MessageCodec.LineBuffer();

    // Guarded by turn.
    private Thread timerThread;
    private long timerThreadWaitsFor = Long.MAX_VALUE;
    private boolean ended;
    private Error timerFailure;

    // The reading thread's: the line just read.
    private Message message;
    /** The length of the line {@link #message} came in, newline included. */
    private int messageBytes;
    private String problem;
    private String badLine;
    /** Null unless {@code metrics-port=} asks for it. */
    private final PrometheusEndpoint metricsEndpoint;

    private StdioRuntime(NodeLogic logic, List<String> args, InputStream in, OutputStream out, Clock clock, Log log) {
        this.out = out;
        this.clock = clock;
        this.log = log;
        this.in = new StampedInput(in, clock);
        this.reader = new LineReader(this.in, MessageCodec.MAX_LINE_BYTES);
        SplittableRandom random = new SplittableRandom(clock.nanoTime() ^ (clock.epochMillis() << 20));
        // clock-file=FILE offsets the node's wall clock; without it the node reads the plain clock,
        // so the message path is exactly what it was. This runtime's own reads are monotonic.
        String clockFile = CoreArgs.parse(args).clockFile;
        FileOffsetClock offsetClock = clockFile == null || clockFile.isEmpty() ? null : new FileOffsetClock(clock, clockFile);
        // Inner classes, not lambdas, on the way to the first reply: see StreamLog.stderr.
        this.host = new NodeHost(logic, offsetClock == null ? clock : offsetClock, random, new Outbox() {
            @Override
            public void send(Message message) {
                write(message);
            }
        }, log, args);
        if (offsetClock != null) {
            offsetClock.start(host.log());
        }
        int port = host.metricsPort;
        this.metricsEndpoint = port == 0 ? null : PrometheusEndpoint.start(port, new java.util.function.Supplier<String[]>() {
            @Override
            public String[] get() {
                return metricsSnapshot();
            }
        }, host.log());
    }

    /** The node id and its metrics JSON, taken in a turn of its own; null before init. */
    private String[] metricsSnapshot() {
        turn.lock();
        try {
            return host.initialised() ? new String[] {host.nodeId(), host.metricsJson()} : null;
        } finally {
            turn.unlock();
        }
    }

    /** Runs {@code logic} on this process's stdin and stdout until stdin ends. */
    public static void run(NodeLogic logic, String[] args) {
        PrintStream stdout = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        // Nothing but envelopes may reach stdout: anything else that prints goes to stderr.
        System.setOut(System.err);
        OutputStream out = new BufferedOutputStream(stdout, 1 << 16);
        // Not System.in: its BufferedInputStream asks available() after each read, two more system
        // calls (fstat, FIONREAD) per line; LineReader does its own buffering.
        InputStream in = new FileInputStream(FileDescriptor.in);
        new StdioRuntime(logic, Arrays.asList(args), in, out, SystemClock.REAL, StreamLog.stderr()).readLoop();
    }

    /** Runs on the given streams until {@code in} ends; for tests and benchmarks. */
    public static void run(NodeLogic logic, List<String> args, InputStream in, OutputStream out, Log log) {
        run(logic, args, in, out, SystemClock.REAL, log);
    }

    /** As above with a given clock; the timer thread reads it too, so it must be thread-safe. */
    static void run(NodeLogic logic, List<String> args, InputStream in, OutputStream out, Clock clock, Log log) {
        new StdioRuntime(logic, args, in, out, clock, log).readLoop();
    }

    private final LineReader.Sink sink = new LineReader.Sink() {
        @Override
        public void line(byte[] bytes, int length) {
            try {
                message = MessageCodec.parse(bytes, 0, length);
                messageBytes = length + 1;
            } catch (MalformedMessageException e) {
                problem = e.getMessage();
                badLine = new String(bytes, 0, Math.min(length, 1000), StandardCharsets.UTF_8);
            }
        }

        @Override
        public void oversized(long length) {
            problem = "line of " + length + " bytes exceeds " + MessageCodec.MAX_LINE_BYTES;
            badLine = "";
        }
    };

    private void readLoop() {
        while (true) {
            boolean more = nextLine(); // blocks, without the turn, until a line or the end arrives
            turn.lock();
            try {
                if (timerFailure != null) {
                    throw timerFailure;
                }
                if (!more) {
                    end();
                    return;
                }
                handleLine();
                for (int handled = 1; handled < MAX_BATCH && reader.hasBufferedLine(); handled++) {
                    nextLine();
                    handleLine();
                }
                host.runDueTimers();
                flush();
                wakeTimerThreadIfEarlier();
            } finally {
                turn.unlock();
            }
        }
    }

    private boolean nextLine() {
        try {
            return reader.next(sink);
        } catch (IOException e) {
            host.log().error("stdin-failed", "stdin failed; no more input", e);
            return false;
        }
    }

    /** Handles what {@link #sink} was given, stamped with the time its bytes were read. */
    private void handleLine() {
        if (message != null) {
            Message received = message;
            message = null;
            host.onMessage(received, in.readNanos, messageBytes);
        } else {
            String reason = problem;
            problem = null;
            host.onMalformed(reason, badLine);
        }
    }

    private void end() {
        host.runDueTimers();
        host.writeMetrics(); // stdin's end is the only goodbye a node gets
        if (metricsEndpoint != null) {
            metricsEndpoint.stop(); // its thread would keep the JVM from exiting
        }

        flush();
        ended = true;
        timersChanged.signal();
    }

    /** Starts the timer thread at the first timer, and wakes it when a timer is due sooner than it waits. */
    private void wakeTimerThreadIfEarlier() {
        long next = host.nextDeadlineNanos();
        if (next == Long.MAX_VALUE) {
            return;
        }
        if (timerThread == null) {
            timerThread = new Thread(new Runnable() {
                @Override
                public void run() {
                    timerLoop();
                }
            }, "timers");
            timerThread.setDaemon(true);
            timerThread.start();
        } else if (timerThreadWaitsFor == Long.MAX_VALUE || next - timerThreadWaitsFor < 0) {
            timersChanged.signal();
        }
    }

    private void timerLoop() {
        turn.lock();
        try {
            while (!ended) {
                long deadline = host.nextDeadlineNanos();
                long waitNanos = waitNanos(deadline);
                if (waitNanos <= 0) {
                    host.runDueTimers();
                    flush();
                    continue;
                }
                timerThreadWaitsFor = deadline;
                if (waitNanos == Long.MAX_VALUE) {
                    timersChanged.await();
                } else {
                    timersChanged.awaitNanos(waitNanos);
                }
                timerThreadWaitsFor = Long.MAX_VALUE;
            }
        } catch (InterruptedException e) {
            host.log().error("timer-thread-interrupted", "timer thread interrupted; timers stop", e);
        } catch (Error e) {
            timerFailure = e; // the reading thread rethrows it: only a real Error stops the node
        } finally {
            turn.unlock();
        }
    }

    /** Nanoseconds until {@code deadline}; Long.MAX_VALUE for none or a distance that overflows. */
    private long waitNanos(long deadline) {
        long now = clock.nanoTime();
        long waitNanos = deadline - now;
        // No timer, or a distance that overflows (nanoTime may be negative): wait for input only.
        if (deadline == Long.MAX_VALUE || ((deadline ^ now) & (deadline ^ waitNanos)) < 0) {
            return Long.MAX_VALUE;
        }
        return waitNanos;
    }

    private void write(Message message) {
        try {
            int bytes = MessageCodec.write(message, out, line);
            host.metrics().bytes(message.type(), false, bytes);
        } catch (IOException e) {
            host.log().error("output-dropped", "dropped " + message.body().path("type").asText() + " from " + message.src()
                    + " to " + message.dest() + ": could not serialise or write it", e);
        }
    }

    private void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            host.log().error("flush-failed", "could not flush stdout", e);
        }
    }

    /** Stdin, noting when each read returned: a line's client deadline counts from then. */
    private static final class StampedInput extends FilterInputStream {
        private final Clock clock;
        long readNanos;

        StampedInput(InputStream in, Clock clock) {
            super(in);
            this.clock = clock;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int read = super.read(b, off, len);
            readNanos = clock.nanoTime();
            return read;
        }
    }
}
