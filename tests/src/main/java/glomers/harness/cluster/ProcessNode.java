package glomers.harness.cluster;

import glomers.core.Message;
import glomers.harness.net.EnvelopeCodec;
import glomers.harness.net.Network;
import glomers.harness.sched.Scheduler;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real node: the launcher run as a child process from a temporary directory, as Maelstrom
 * does. Its stdout lines are handed to the loop thread, which checks and routes them; its stderr
 * is drained continuously (a full stderr pipe would stall the node) into memory and a file.
 */
public final class ProcessNode implements ClusterNode, Pausable, ClockSkewable {

    private final String id;
    private final Process process;
    private final BufferedWriter stdin;
    private final BoundedText stderr = new BoundedText(256 << 10);
    private final Thread stdoutReader;
    private final Thread stderrReader;
    private volatile boolean stopping;
    private volatile String writeFailure;
    private volatile boolean paused;
    private final LinkedBlockingQueue<String> pendingStdin = new LinkedBlockingQueue<>();
    private final Thread stdinWriter;
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String STOP = new String("stop");
    /** How long a node whose stdin closed may take to write its last lines and exit. */
    private static final long END_GRACE_MILLIS = 2_000;

    /** Null unless the node was started with a clock-file (--clock-skew). */
    private final ClockFile clock;

    private ProcessNode(String id, Process process, Thread stdoutReader, Thread stderrReader, ClockFile clock) {
        this.id = id;
        this.clock = clock;
        this.process = process;
        this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.stdoutReader = stdoutReader;
        this.stderrReader = stderrReader;
        this.stdinWriter = new Thread(this::writeStdin, id + " stdin");
        this.stdinWriter.setDaemon(true);
        this.stdinWriter.start();
    }

    /**
     * Starts {@code bin args...} in {@code workDir}, which all of a run's nodes share as they
     * share the JVM temp dir under Maelstrom (so files a node writes must carry its id). Stderr
     * goes to {@code logDir/<id>.log}, stdout lines to {@code logDir/<id>.stdout}.
     */
    public static ProcessNode start(String id, Path bin, List<String> args, Path workDir, Path logDir,
                                    Scheduler scheduler, Network network) throws IOException {
        return start(id, bin, args, workDir, logDir, scheduler, network, false, null);
    }

    /**
     * As above, its wall clock offset by {@code workDir/<id>.clock-offset}, which starts at 0 and
     * {@link #setClockOffsetMillis} steps: the node is given {@code clock-file=} that file.
     */
    public static ProcessNode startWithClockFile(String id, Path bin, List<String> args, Path workDir, Path logDir,
                                                 Scheduler scheduler, Network network) throws IOException {
        ClockFile clock = ClockFile.create(workDir, id);
        return start(id, bin, withClockArg(args, clock), workDir, logDir, scheduler, network, false, clock);
    }

    static List<String> withClockArg(List<String> args, ClockFile clock) {
        List<String> all = new ArrayList<>(args);
        all.add(clock.nodeArg());
        return List.copyOf(all);
    }

    /**
     * As above; a {@code restarted} node appends to its log files and its first init_ok (the
     * answer to the harness's repeated init) goes nowhere.
     */
    static ProcessNode start(String id, Path bin, List<String> args, Path workDir, Path logDir,
                             Scheduler scheduler, Network network, boolean restarted, ClockFile clock) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(bin.toRealPath().toString());
        command.addAll(args);
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).start();
        Files.createDirectories(logDir);
        Holder holder = new Holder();
        holder.dropInitOk = restarted;
        Path stdoutFile = logDir.resolve(id + ".stdout");
        Thread out = new Thread(() -> readStdout(holder, process, scheduler, network, stdoutFile, restarted),
                id + " stdout");
        Thread err = new Thread(() -> readStderr(holder, process, logDir.resolve(id + ".log"), restarted),
                id + " stderr");
        ProcessNode node = new ProcessNode(id, process, out, err, clock);
        holder.node = node;
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
        return node;
    }

    /** Lets the reader threads reach the node once it is built. */
    private static final class Holder {
        volatile ProcessNode node;
        volatile boolean dropInitOk;
    }

    private static Writer logWriter(Path file, boolean append) throws IOException {
        return append ? Files.newBufferedWriter(file, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND) : Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    private static void readStdout(Holder holder, Process process, Scheduler scheduler, Network network,
                                   Path stdoutFile, boolean append) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer file = logWriter(stdoutFile, append)) {
            String line;
            while ((line = reader.readLine()) != null) {
                String l = line;
                file.write(line);
                file.write('\n');
                if (holder.dropInitOk && line.contains("\"init_ok\"")) {
                    holder.dropInitOk = false;
                    continue;
                }
                ProcessNode node = holder.node;
                scheduler.post(() -> network.sendLineFrom(node.id, l));
            }
        } catch (IOException e) {
            ProcessNode node = holder.node;
            if (node != null && !node.stopping) {
                node.stderr.appendLine("HARNESS stdout read failed: " + e);
            }
        }
    }

    private static void readStderr(Holder holder, Process process, Path logFile, boolean append) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
             Writer file = logWriter(logFile, append)) {
            String line;
            while ((line = reader.readLine()) != null) {
                file.write(line);
                file.write('\n');
                file.flush();
                while (holder.node == null) {
                    Thread.onSpinWait();
                }
                holder.node.stderr.appendLine(line);
            }
        } catch (IOException e) {
            // The process is gone or being killed; teardown reports crashes from the exit status.
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void deliver(Message message, long envelopeId) {
        deliver(EnvelopeCodec.encode(message, envelopeId));
    }

    /**
     * Queues the line for this node's own stdin writer, as Maelstrom has one stdin thread per
     * node: a node that stops reading fills its pipe and stalls only itself, never the loop.
     */
    @Override
    public void deliver(String line) {
        if (writeFailure == null) {
            pendingStdin.add(line);
        }
    }

    private void writeStdin() {
        try {
            while (true) {
                String line = pendingStdin.take();
                if (line == STOP) {
                    if (inputEnded) {
                        stdin.close(); // the node's loop ends, and it writes its last metrics line
                    }
                    return;
                }
                stdin.write(line);
                stdin.write('\n');
                if (pendingStdin.isEmpty()) {
                    stdin.flush();
                }
            }
        } catch (IOException e) {
            // Most likely the node exited; teardown reports that as a crash.
            writeFailure = e.toString();
            if (!stopping) {
                stderr.appendLine("HARNESS stdin write failed: " + e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL, as a crash: no warning, and no report of its own exit. */
    void kill() {
        stopping = true;
        pendingStdin.add(STOP);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public boolean up() {
        return !stopping && process.isAlive();
    }

    @Override
    public boolean paused() {
        return paused;
    }

    /** SIGSTOP to the process and everything it started: lines meant for it wait in its pipe. */
    @Override
    public void pause() {
        if (signal("STOP")) {
            paused = true;
            stderr.appendLine("HARNESS paused (SIGSTOP)");
        }
    }

    @Override
    public void resume() {
        if (paused) {
            paused = false;
            signal("CONT");
            stderr.appendLine("HARNESS resumed (SIGCONT)");
        }
    }

    /** kill -SIGNAL to the process and its descendants (a launcher may not exec its node). */
    private boolean signal(String name) {
        List<String> command = new ArrayList<>(List.of("kill", "-" + name, Long.toString(process.pid())));
        process.descendants().forEach(child -> command.add(Long.toString(child.pid())));
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            String said = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (kill.waitFor() != 0) {
                stderr.appendLine("HARNESS kill -" + name + " failed: " + said);
                return false;
            }
            return true;
        } catch (IOException e) {
            stderr.appendLine("HARNESS kill -" + name + " failed: " + e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public long clockOffsetMillis() {
        return ClockFile.offsetOf(clock);
    }

    @Override
    public void setClockOffsetMillis(long offsetMillis) {
        ClockFile.step(id, clock, offsetMillis);
    }

    @Override
    public String stderr() {
        return stderr.toString();
    }

    /** Whether the process had exited on its own when its input was ended: a crash. */
    private volatile boolean exitedBeforeEnd;
    private volatile boolean inputEnded;

    @Override
    public void endInput() {
        resume(); // a stopped process would never read the end of its input
        exitedBeforeEnd = !process.isAlive();
        stopping = true;
        inputEnded = true;
        pendingStdin.add(STOP);
    }

    @Override
    public String stop() {
        if (!inputEnded) {
            endInput();
        }
        boolean crashed = exitedBeforeEnd;
        if (!crashed) {
            try {
                // A node whose stdin closed ends its loop and exits within milliseconds.
                process.waitFor(END_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            stdinWriter.join(2000);
            stdoutReader.join(2000);
            stderrReader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!crashed) {
            return null;
        }
        return "node " + id + " crashed with exit status " + process.exitValue() + "; its stderr ends with:\n"
                + tail(stderr.toString(), 2000);
    }

    private static String tail(String text, int chars) {
        return text.length() <= chars ? text : text.substring(text.length() - chars);
    }
}
