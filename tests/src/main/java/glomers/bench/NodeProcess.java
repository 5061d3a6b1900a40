package glomers.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One launcher as a child process, the way Maelstrom runs it: from a scratch working directory. */
final class NodeProcess implements AutoCloseable {

    private final Process process;
    private final OutputStream stdin;
    private final Path stderrFile;

    private NodeProcess(Process process, Path stderrFile) {
        this.process = process;
        this.stdin = new BufferedOutputStream(process.getOutputStream(), 1 << 16);
        this.stderrFile = stderrFile;
    }

    static NodeProcess start(Path launcher, Path workDir, String name, List<String> args) throws IOException {
        return start(launcher, workDir, name, args, Map.of());
    }

    /** As above, with {@code env} added to (or replacing entries of) this process's environment. */
    static NodeProcess start(Path launcher, Path workDir, String name, List<String> args, Map<String, String> env)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(args);
        Path stderr = workDir.resolve(name + ".stderr");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectError(stderr.toFile());
        builder.environment().putAll(env);
        return new NodeProcess(builder.start(), stderr);
    }

    /** The JVM's process id: the launcher execs java, so it is the launcher's. */
    long pid() {
        return process.pid();
    }

    boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        return process.waitFor(timeout, unit);
    }

    /** The process's peak resident set (VmHWM) in KiB; -1 where there is no /proc. */
    long peakRssKb() {
        return statusKb("VmHWM:");
    }

    /** A figure in KiB from /proc/PID/status ({@code VmRSS:}, {@code VmHWM:}); -1 where there is no /proc. */
    long statusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc here
        }
        return -1;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    static String init(String nodeId, int msgId) {
        return "{\"id\":" + msgId + ",\"src\":\"c" + msgId + "\",\"dest\":\"" + nodeId
                + "\",\"body\":{\"type\":\"init\",\"msg_id\":1,\"node_id\":\"" + nodeId
                + "\",\"node_ids\":[\"" + nodeId + "\"]}}";
    }

    void send(String line) throws IOException {
        stdin.write(line.getBytes(StandardCharsets.UTF_8));
        stdin.write('\n');
        stdin.flush();
    }

    OutputStream stdin() {
        return stdin;
    }

    InputStream stdout() {
        return process.getInputStream();
    }

    /** Reads one line from stdout (bytes, no decoding beyond ASCII); null at end of stream. */
    String readLine() throws IOException {
        InputStream in = process.getInputStream();
        StringBuilder line = new StringBuilder(128);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                return line.toString();
            }
            line.append((char) b);
        }
        return line.length() == 0 ? null : line.toString();
    }

    /**
     * CPU time (user + system) the node has used so far, from /proc; -1 where there is no /proc.
     * The launcher execs java, so this is the JVM's own.
     */
    long cpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"), StandardCharsets.US_ASCII);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            return ticks * 10_000_000L; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** What the node wrote on stderr so far, for reporting surprises. */
    String stderr() {
        try {
            return Files.readString(stderrFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(stderr unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
