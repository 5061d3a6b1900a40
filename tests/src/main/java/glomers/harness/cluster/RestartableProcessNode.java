package glomers.harness.cluster;

import glomers.core.Message;
import glomers.harness.net.EnvelopeCodec;
import glomers.harness.net.Network;
import glomers.harness.sched.Scheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A process node the crash nemesis can kill (SIGKILL) and start again: the same launcher, node
 * arguments and working directory, so a node with a data directory finds what it synced there;
 * its repeated init is answered into the void. Deliveries while it is down are lost. With a
 * clock-file its wall-clock offset is the host's, so it outlives the restarts.
 */
public final class RestartableProcessNode implements ClusterNode, Crashable, Pausable, ClockSkewable {

    private final String id;
    private final Path bin;
    /** Null unless started with a clock-file (--clock-skew). */
    private final ClockFile clock;
    private final List<String> args;
    private final Path workDir;
    private final Path logDir;
    private final Scheduler scheduler;
    private final Network network;
    private final BoundedText earlier = new BoundedText(64 << 10);
    private ProcessNode current;
    private String initLine;
    private boolean up = true;

    public RestartableProcessNode(String id, Path bin, List<String> args, Path workDir, Path logDir,
                                  Scheduler scheduler, Network network) throws IOException {
        this(id, bin, args, workDir, logDir, scheduler, network, false);
    }

    /** As above; with {@code clockFile}, its wall clock is offset as {@link ProcessNode#startWithClockFile}'s. */
    public RestartableProcessNode(String id, Path bin, List<String> args, Path workDir, Path logDir,
                                  Scheduler scheduler, Network network, boolean clockFile) throws IOException {
        this.id = id;
        this.bin = bin;
        this.clock = clockFile ? ClockFile.create(workDir, id) : null;
        this.args = clock == null ? List.copyOf(args) : ProcessNode.withClockArg(args, clock);
        this.workDir = workDir;
        this.logDir = logDir;
        this.scheduler = scheduler;
        this.network = network;
        this.current = ProcessNode.start(id, bin, this.args, workDir, logDir, scheduler, network, false, null);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void deliver(Message message, long envelopeId) {
        if (initLine == null && "init".equals(message.type())) {
            initLine = EnvelopeCodec.encode(message, envelopeId);
        }
        if (up) {
            current.deliver(message, envelopeId);
        }
    }

    @Override
    public void deliver(String line) {
        if (up) {
            current.deliver(line);
        }
    }

    @Override
    public boolean up() {
        return up;
    }

    @Override
    public boolean paused() {
        return up && current.paused();
    }

    @Override
    public void pause() {
        if (up) {
            current.pause();
        }
    }

    @Override
    public void resume() {
        current.resume();
    }

    @Override
    public void crash() {
        up = false;
        current.kill();
        earlier.appendLine(current.stderr());
        earlier.appendLine("HARNESS killed (SIGKILL) at " + scheduler.nowNanos() / 1_000_000 + " ms");
    }

    @Override
    public void restart() {
        try {
            current = ProcessNode.start(id, bin, args, workDir, logDir, scheduler, network, true, null);
        } catch (IOException e) {
            throw new UncheckedIOException("could not restart node " + id, e);
        }
        up = true;
        earlier.appendLine("HARNESS restarted at " + scheduler.nowNanos() / 1_000_000 + " ms");
        if (initLine != null) {
            current.deliver(initLine);
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
        return earlier + current.stderr();
    }

    @Override
    public void endInput() {
        if (up) {
            current.endInput();
        }
    }

    @Override
    public String stop() {
        if (!up) {
            return null;
        }
        return current.stop();
    }
}
