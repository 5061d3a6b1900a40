package glomers.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import glomers.core.Clock;
import glomers.core.Log;
import glomers.core.MalformedMessageException;
import glomers.core.Message;
import glomers.core.MessageCodec;
import glomers.core.NodeHost;
import glomers.core.StreamLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * A small deterministic network of Raft nodes driven by hand, in the style of etcd's rafttest:
 * one clock that {@link #run} steps a millisecond at a time, and at each step every due timer
 * fires and every message sent in the step before is delivered, unless a cut or a filter drops
 * it. Each node's disk survives its crashes. Throughout, the network checks Raft's election
 * safety (one leader per term), state machine safety (an index commits to one entry, on every
 * node and in every incarnation) and that no message was built before what it carries was on
 * disk; {@link #violations} says whether any ever broke.
 */
final class Network {

    private long nowNanos = 1_000_000_000L;
    private final Clock clock = new Clock() {
        @Override
        public long nanoTime() {
            return nowNanos;
        }

        @Override
        public long epochMillis() {
            return nowNanos / 1_000_000L;
        }
    };
    final List<String> ids = new ArrayList<>();
    private final long seed;
    private final Map<String, NodeHost> hosts = new LinkedHashMap<>();
    private final Map<String, TestHost> logic = new HashMap<>();
    private final Map<String, MemoryDisk> disks = new HashMap<>();
    private final Set<String> flawed = new HashSet<>();
    private List<Message> inFlight = new ArrayList<>();
    private final Set<String> cut = new HashSet<>();
    /** Stalled nodes and when each wakes. */
    private final Map<String, Long> stalled = new HashMap<>();
    private final List<Message> heldForStalled = new ArrayList<>();
    private Predicate<Message> drop = m -> false;
    private int copies = 1;
    private Predicate<Message> duplicate = m -> false;
    private final Map<Long, String> leaders = new HashMap<>();
    private final Map<Integer, Entry<String>> commits = new HashMap<>();
    final List<String> violations = new ArrayList<>();
    private int incarnation;
    private int snapshotEvery;
    private boolean snapshotsOnDisk;
    private boolean ringRounds;
    /** How many crash points were reached. */
    int crashes;

    Network(int nodes, long seed) {
        this.seed = seed;
        for (int i = 0; i < nodes; i++) {
            ids.add("n" + i);
            disks.put("n" + i, new MemoryDisk());
        }
    }

    /** Plants the leader-commits-alone bug in {@code id}'s next start. */
    Network flawed(String id) {
        flawed.add(id);
        return this;
    }

    /** Nodes without disks that snapshot every {@code entries} applied entries (a restart comes back empty). */
    Network snapshotting(int entries) {
        snapshotEvery = entries;
        return this;
    }

    /**
     * Nodes with disks that snapshot every {@code entries} applied entries: a restart comes back
     * from the snapshot and the log after it.
     */
    Network snapshottingOnDisk(int entries) {
        snapshotEvery = entries;
        snapshotsOnDisk = true;
        return this;
    }

    /** Leaders send their rounds around the ring ({@link Raft#ringRounds}). */
    Network ringRounds() {
        ringRounds = true;
        return this;
    }

    Network start() {
        ids.forEach(this::startNode);
        return this;
    }

    private void startNode(String id) {
        TestHost node = new TestHost(this, snapshotEvery > 0 && !snapshotsOnDisk ? null : disks.get(id), flawed.contains(id), snapshotEvery,
                ringRounds);
        NodeHost host = new NodeHost(node, clock, new SplittableRandom(seed * 31 + ids.indexOf(id) + 1000L * incarnation++),
                m -> {
                    if (!disks.get(id).failed) {
                        this.inFlight.add(m);
                    }
                },
                new StreamLog(this::logged, Log.Level.WARN, StreamLog.Format.PLAIN), List.of("metrics-ms=0"),
                disks.get(id));
        hosts.put(id, host);
        logic.put(id, node);
        StringBuilder init = new StringBuilder("{\"src\":\"c0\",\"dest\":\"" + id + "\",\"body\":{\"type\":\"init\",\"msg_id\":1,"
                + "\"node_id\":\"" + id + "\",\"node_ids\":[");
        for (int i = 0; i < ids.size(); i++) {
            init.append(i == 0 ? "" : ",").append('"').append(ids.get(i)).append('"');
        }
        deliver(host, init.append("]}}").toString());
    }

    private static void deliver(NodeHost host, String line) {
        try {
            host.onMessage(MessageCodec.parse(line));
        } catch (MalformedMessageException e) {
            throw new AssertionError(e);
        }
    }

    /** Kills {@code id} (its unsynced writes are lost) and starts a new incarnation from its disk. */
    void crashAndRestart(String id) {
        hosts.remove(id);
        disks.get(id).crash();
        inFlight.removeIf(m -> m.src().equals(id) || m.dest().equals(id));
        boolean durable = snapshotEvery == 0 || snapshotsOnDisk;
        int committed = durable && logic.get(id).raft != null ? logic.get(id).raft.commitIndex() : 0;
        startNode(id);
        // What a node committed was on its disk: it may not come back without it.
        if (raft(id).log().lastIndex() < committed) {
            violations.add(id + " committed through index " + committed + " and came back from its disk with a log to "
                    + raft(id).log().lastIndex());
        }
    }

    /** Drops every message to or from {@code id} until {@link #heal}. */
    void isolate(String id) {
        cut.add(id);
    }

    void heal() {
        cut.clear();
        drop = m -> false;
        duplicate = m -> false;
    }

    /** Also drops the messages {@code filter} picks, until {@link #heal}. */
    void drop(Predicate<Message> filter) {
        drop = filter;
    }

    /** Delivers each message {@code filter} picks {@code n} times, until {@link #heal}. */
    void duplicate(Predicate<Message> filter, int n) {
        duplicate = filter;
        copies = n;
    }

    /** Delivers {@code m} to its destination now, past any cut or filter: a copy held in the network. */
    void deliverNow(Message m) {
        hosts.get(m.dest()).onMessage(m);
    }

    /** Steps the clock {@code millis} milliseconds. */
    void run(int millis) {
        for (int ms = 0; ms < millis; ms++) {
            nowNanos += 1_000_000L;
            List<Message> due = inFlight;
            inFlight = new ArrayList<>();
            for (Message m : due) {
                NodeHost host = hosts.get(m.dest());
                if (host == null || disks.get(m.dest()).failed || cut.contains(m.src()) || cut.contains(m.dest()) || drop.test(m)) {
                    continue;
                }
                if (stalled.containsKey(m.dest())) {
                    heldForStalled.add(m);
                    continue;
                }
                int n = duplicate.test(m) ? copies : 1;
                for (int i = 0; i < n; i++) {
                    host.onMessage(m);
                }
            }
            for (Map.Entry<String, NodeHost> e : hosts.entrySet()) {
                if (!disks.get(e.getKey()).failed && !stalled.containsKey(e.getKey())) {
                    e.getValue().runDueTimers();
                }
            }
            wakeStalled();
            // A node whose disk hit its crash point died there: nothing it did after left it.
            for (String id : ids) {
                if (disks.get(id).failed) {
                    crashes++;
                    crashAndRestart(id);
                }
            }
        }
    }

    /**
     * Stalls {@code id} for {@code millis}, as a GC pause or a descheduled process does: it runs
     * no timer and reads no message meanwhile, and what is sent to it waits. When it wakes, its
     * due timers run before it reads what waited, as the stdio runtime's timer thread may.
     */
    void stall(String id, int millis) {
        stalled.put(id, nowNanos + millis * 1_000_000L);
    }

    private void wakeStalled() {
        for (String id : List.copyOf(stalled.keySet())) {
            if (nowNanos >= stalled.get(id)) {
                stalled.remove(id);
                hosts.get(id).runDueTimers();
                List<Message> held = heldForStalled.stream().filter(m -> m.dest().equals(id)).toList();
                heldForStalled.removeAll(held);
                held.forEach(m -> hosts.get(id).onMessage(m));
            }
        }
    }

    /** Proposes on {@code id}, which may die at its crash point while it appends. */
    void propose(String id, String... commands) {
        try {
            raft(id).proposeAll(List.of(commands));
        } catch (java.io.UncheckedIOException e) {
            if (!disks.get(id).failed) {
                throw e;
            }
        }
    }

    /** Sets a crash point on {@code id}: it dies just before its {@code n + 1}th write from now. */
    void crashAfterWrites(String id, int n) {
        disks.get(id).crashAfterWrites(n);
    }

    MemoryDisk disk(String id) {
        return disks.get(id);
    }

    TestHost node(String id) {
        return logic.get(id);
    }

    Raft<String> raft(String id) {
        return logic.get(id).raft;
    }

    /** The one node that leads now, failing when there is not exactly one. */
    String leader() {
        List<String> now = ids.stream().filter(id -> raft(id).isLeader()).toList();
        assertEquals(1, now.size(), "leaders now: " + now + "; " + replay());
        return now.get(0);
    }

    /** Steps until {@code id} has applied {@code command}, for at most {@code millis}. */
    boolean runUntilApplied(String id, String command, int millis) {
        for (int ms = 0; ms < millis; ms++) {
            if (node(id).applied.contains(command)) {
                return true;
            }
            run(1);
        }
        return node(id).applied.contains(command);
    }

    /** A node's warnings and errors: a message Raft refused to send before persisting is a violation. */
    private void logged(String line) {
        if (line.contains("persist-before-send")) {
            violations.add(line);
        }
    }

    void elected(long term, String id) {
        String before = leaders.putIfAbsent(term, id);
        if (before != null && !before.equals(id)) {
            violations.add("two leaders in term " + term + ": " + before + " and " + id);
        }
    }

    void committed(TestHost node, int index, Entry<String> entry) {
        Entry<String> before = commits.putIfAbsent(index, entry);
        if (before != null && !before.equals(entry)) {
            violations.add("index " + index + " committed as " + before + " and as " + entry);
        }
    }

    String replay() {
        return "seed " + seed;
    }
}
