package glomers.harness.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Clock;
import glomers.core.Message;
import glomers.core.MalformedMessageException;
import glomers.core.MessageCodec;
import glomers.core.NodeHost;
import glomers.core.NodeLogic;
import glomers.core.Log;
import glomers.core.StreamLog;
import glomers.core.SystemClock;
import glomers.harness.net.Network;
import glomers.harness.sched.Scheduler;
import java.util.ArrayDeque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * A node run in-process on virtual time: a {@link NodeHost} whose clock is the scheduler's,
 * whose randomness is split from the run's seed, and whose timers are scheduler tasks. It can
 * crash (all state dropped but its {@link SimDisk}'s synced part, deliveries lost) and restart
 * (fresh logic, re-initialised with the same id), pause (nothing handled and no timer fired
 * until it resumes, then everything that queued up) and have its wall clock stepped, which
 * Maelstrom never does but the simulator's fault tests need.
 */
public final class SimNode implements ClusterNode, Crashable, Pausable, ClockSkewable {

    /** A fixed wall clock start, so epochMillis is part of the seed's deterministic world. */
    static final long EPOCH_BASE_MILLIS = 1_767_225_600_000L;
    /** What a paused node's inbox holds at most: a real pipe would stop its writer sooner. */
    static final int MAX_HELD_WHILE_PAUSED = 1_000_000;

    private final String id;
    private final Supplier<NodeLogic> logicFactory;
    private final List<String> args;
    private final Scheduler scheduler;
    private final Network network;
    private final SplittableRandom random;
    private final BoundedText stderr = new BoundedText(1 << 20);
    /** Survives crashes, as a disk does; unsynced writes do not. */
    private final SimDisk disk = new SimDisk();
    private NodeHost host;
    private Message initMessage;
    private boolean up = true;
    /** While a restarted node handles its repeated init: its answer to it goes nowhere. */
    private boolean swallowInitReply;
    private long armedAtNanos = Long.MAX_VALUE;
    private int generation;
    private boolean paused;
    private final ArrayDeque<Message> heldWhilePaused = new ArrayDeque<>();
    private long heldDropped;
    private long clockOffsetMillis;

    public SimNode(String id, Supplier<NodeLogic> logicFactory, List<String> args, Scheduler scheduler,
                   Network network, SplittableRandom random) {
        this.id = id;
        this.logicFactory = logicFactory;
        this.args = List.copyOf(args);
        this.scheduler = scheduler;
        this.network = network;
        this.random = random;
        this.host = newHost();
    }

    private NodeHost newHost() {
        Clock clock = new Clock() {
            @Override
            public long nanoTime() {
                return scheduler.nowNanos();
            }

            @Override
            public long epochMillis() {
                return EPOCH_BASE_MILLIS + scheduler.nowNanos() / 1_000_000L + clockOffsetMillis;
            }
        };
        StreamLog log = new StreamLog(stderr::appendLine, Log.Level.INFO, StreamLog.Format.JSON);
        NodeHost fresh = new NodeHost(logicFactory.get(), clock, random.split(), this::onOutput, log, args, disk);
        // Handler time is real time, even here: virtual time stands still inside a handler.
        fresh.timeHandlersWith(SystemClock.REAL);
        return fresh;
    }

    /**
     * Serialised and parsed again, as over stdio: the node's own writer runs (streamed fields
     * included) and its output meets the same strict checks as a process's.
     */
    private void onOutput(Message message) {
        // Only the reply to the repeated init is dropped, as in process mode: what the node sends
        // its peers while handling init (a start-up sync, say) goes out as it would.
        if (!(swallowInitReply && message.dest().equals(initMessage.src()))) {
            String line = MessageCodec.encode(message);
            host.metrics().bytes(message.type(), false, line.length() + 1);
            network.sendLineFrom(id, line);
        }
    }


    @Override
    public String id() {
        return id;
    }

    @Override
    public void deliver(Message message, long envelopeId) {
        if (!up) {
            return;
        }
        if ("init".equals(message.type()) && initMessage == null) {
            initMessage = message;
        }
        if (paused) {
            if (heldWhilePaused.size() < MAX_HELD_WHILE_PAUSED) {
                heldWhilePaused.add(message);
            } else {
                heldDropped++;
            }
            return;
        }
        handle(message);
    }

    private void handle(Message message) {
        // The receiver gets its own copy, as it would after re-serialisation over stdio.
        host.onMessage(new Message(message.src(), message.dest(), message.body().deepCopy()), scheduler.nowNanos(),
                MessageCodec.encode(message).length() + 1);
        arm();
    }

    @Override
    public void deliver(String line) {
        try {
            deliver(MessageCodec.parse(line), -1);
        } catch (MalformedMessageException e) {
            host.onMalformed(e.getMessage(), line);
        }
    }

    private void arm() {
        long deadline = host.nextDeadlineNanos();
        if (deadline == Long.MAX_VALUE || deadline >= armedAtNanos) {
            return;
        }
        armedAtNanos = deadline;
        int gen = generation;
        scheduler.at(deadline, () -> wake(deadline, gen));
    }

    private void wake(long deadline, int gen) {
        if (gen != generation || deadline != armedAtNanos || !up) {
            return;
        }
        if (paused) {
            armedAtNanos = Long.MAX_VALUE; // resume() arms again
            return;
        }
        armedAtNanos = Long.MAX_VALUE;
        host.runDueTimers();
        arm();
    }

    /** Drops every bit of state; deliveries are lost until {@link #restart}. */
    @Override
    public void crash() {
        up = false;
        paused = false;
        heldWhilePaused.clear();
        generation++;
        armedAtNanos = Long.MAX_VALUE;
        // Seeded by the crash time: the run's seed decides it, without drawing from the streams
        // the rest of the run uses (which would change every other simulated figure).
        disk.crash(new SplittableRandom(scheduler.nowNanos() * 31 + id.hashCode()));
        stderr.appendLine("HARNESS crashed at " + scheduler.nowNanos() / 1_000_000 + " ms");
    }

    /** Fresh logic, re-initialised with the original init; its init_ok goes nowhere. */
    @Override
    public void restart() {
        host = newHost();
        up = true;
        stderr.appendLine("HARNESS restarted at " + scheduler.nowNanos() / 1_000_000 + " ms");
        if (initMessage != null) {
            ObjectNode body = initMessage.body().deepCopy();
            swallowInitReply = true;
            try {
                host.onMessage(new Message(initMessage.src(), initMessage.dest(), body));
            } finally {
                swallowInitReply = false;
            }
            arm();
        }
    }

    @Override
    public boolean up() {
        return up;
    }

    @Override
    public boolean paused() {
        return paused;
    }

    @Override
    public void pause() {
        if (up) {
            paused = true;
            stderr.appendLine("HARNESS paused at " + scheduler.nowNanos() / 1_000_000 + " ms");
        }
    }

    /** Takes what queued up in arrival order, then the timers that came due, as a process would. */
    @Override
    public void resume() {
        if (!paused) {
            return;
        }
        paused = false;
        stderr.appendLine("HARNESS resumed at " + scheduler.nowNanos() / 1_000_000 + " ms with "
                + heldWhilePaused.size() + " messages waiting" + (heldDropped > 0 ? ", " + heldDropped + " dropped" : ""));
        heldDropped = 0;
        Message next;
        while (up && !paused && (next = heldWhilePaused.poll()) != null) {
            handle(next);
        }
        if (up && !paused) {
            host.runDueTimers();
            arm();
        }
    }

    @Override
    public long clockOffsetMillis() {
        return clockOffsetMillis;
    }

    @Override
    public void setClockOffsetMillis(long offsetMillis) {
        clockOffsetMillis = offsetMillis;
    }

    @Override
    public String stderr() {
        return stderr.toString();
    }

    @Override
    public void endInput() {
        if (up) {
            host.writeMetrics();
        }
    }

    @Override
    public String stop() {
        up = false;
        generation++;
        return null;
    }
}
