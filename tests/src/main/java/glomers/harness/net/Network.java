package glomers.harness.net;

import glomers.core.Message;
import glomers.harness.sched.Scheduler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Maelstrom's network (net.clj) on the harness's loop. Each receiver has one queue ordered by
 * deadline and one "delivery thread": it takes the head as soon as it is free (without waiting
 * for the deadline), drops it if the receiver holds a grudge against the sender at that moment,
 * else waits until the deadline and delivers. Hence delivery = max(deadline, previous delivery):
 * head-of-line blocking, FIFO links under constant latency, reordering under the others.
 */
public final class Network {

    private final Scheduler scheduler;
    private final LatencyModel latency;
    private final Faults faults;
    private final SplittableRandom random;
    private final NetJournal journal = new NetJournal();
    private final MessageLog messages;
    private final Map<String, Inbox> inboxes = new LinkedHashMap<>();
    private final Map<String, Set<String>> grudges = new TreeMap<>();
    private final Set<String> muted = new HashSet<>();
    private final List<ProtocolViolation> violations = new ArrayList<>();
    private long nextMessageId;
    private long sequence;

    public Network(Scheduler scheduler, LatencyModel latency, Faults faults, SplittableRandom random) {
        this(scheduler, latency, faults, random, new MessageLog());
    }

    public Network(Scheduler scheduler, LatencyModel latency, Faults faults, SplittableRandom random,
                   MessageLog messages) {
        this.messages = messages;
        this.scheduler = scheduler;
        this.latency = latency;
        this.faults = faults;
        this.random = random;
    }

    // ---- membership ----

    public void add(String id, Endpoint endpoint) {
        inboxes.put(id, new Inbox(id, endpoint));
    }

    /** Like Maelstrom's remove-node!: queued messages vanish, and later sends to it are refused. */
    public void remove(String id) {
        Inbox inbox = inboxes.remove(id);
        if (inbox != null) {
            inbox.removed = true;
        }
    }

    public boolean exists(String id) {
        return inboxes.containsKey(id);
    }

    // ---- partitions ----

    /** Adds grudges: {@code dest} drops every message from each of {@code srcs}. */
    public void drop(String dest, Set<String> srcs) {
        grudges.computeIfAbsent(dest, k -> new TreeSet<>()).addAll(srcs);
    }

    public void heal() {
        grudges.clear();
    }

    public Map<String, Set<String>> grudges() {
        return Collections.unmodifiableMap(grudges);
    }

    // ---- sending ----

    /** From the harness itself (clients, init): always well-formed, always to a known id. */
    public void send(Message message) {
        accept(message);
    }

    /** A line a process node wrote to stdout; checked as strictly as Maelstrom does. */
    public void sendLineFrom(String node, String line) {
        if (muted.contains(node)) {
            return;
        }
        Message message;
        try {
            message = EnvelopeCodec.parseStrict(line);
        } catch (EnvelopeCodec.RejectedLine e) {
            violation(node, e.getMessage(), line);
            return;
        }
        sendFrom(node, message);
    }

    /** A message an in-process node sent; the destination must exist, as in validate-msg. */
    public void sendFrom(String node, Message message) {
        if (muted.contains(node)) {
            return;
        }
        if (!inboxes.containsKey(message.src())) {
            violation(node, "invalid source " + message.src(), render(message));
        } else if (!inboxes.containsKey(message.dest())) {
            violation(node, "no such destination " + message.dest()
                    + " (unknown id, or a client that is gone)", render(message));
        } else {
            if (!node.equals(message.src()) && message.src().startsWith("c")) {
                journal.onRelayedByServer();
            }
            accept(message);
        }
    }

    private static String render(Message message) {
        return EnvelopeCodec.encode(message, -1);
    }

    private void violation(String node, String reason, String line) {
        muted.add(node);
        violations.add(new ProtocolViolation(node, reason, line, scheduler.nowNanos()));
    }

    private void accept(Message message) {
        long id = nextMessageId++;
        String src = message.src();
        String dest = message.dest();
        journal.onSend(src, dest, message.type());
        int record = messages.onSend(scheduler.nowNanos(), message);
        boolean faultable = !NetJournal.involvesClient(src, dest) && faults.any();
        if (faultable && faults.loss() > 0 && random.nextDouble() < faults.loss()) {
            messages.onLost(record);
            return;
        }
        enqueue(message, id, faultable, record);
        if (faultable && faults.duplicate() > 0 && random.nextDouble() < faults.duplicate()) {
            enqueue(new Message(message.src(), message.dest(), message.body().deepCopy()), id, true,
                    messages.onCopy(record, scheduler.nowNanos()));
        }
    }

    private void enqueue(Message message, long id, boolean faultable, int record) {
        Inbox inbox = inboxes.get(message.dest());
        long now = scheduler.nowNanos();
        long delay = NetJournal.involvesClient(message.src(), message.dest()) ? 0 : latency.drawNanos(random);
        if (faultable && faults.reorder() > 0 && random.nextDouble() < faults.reorder()) {
            long spreadNanos = Math.max(2 * latency.meanMs(), 10) * 1_000_000L;
            delay += random.nextLong(spreadNanos);
        }
        inbox.queue.add(new Envelope(now + delay, sequence++, id, message, record));
        if (!inbox.busy) {
            inbox.busy = true;
            scheduler.at(now, () -> take(inbox));
        }
    }

    /** The delivery thread: take the head, apply the partition check, wait, deliver, repeat. */
    private void take(Inbox inbox) {
        while (true) {
            Envelope head = inbox.queue.poll();
            if (head == null || inbox.removed) {
                inbox.busy = false;
                return;
            }
            Set<String> grudge = grudges.get(inbox.id);
            if (grudge != null && grudge.contains(head.message.src())) {
                journal.onPartitionDrop(head.message.src(), head.message.dest(), head.message.type());
                messages.onDrop(head.record, head.deadlineNanos);
                continue;
            }
            scheduler.at(Math.max(head.deadlineNanos, scheduler.nowNanos()), () -> {
                if (!inbox.removed) {
                    journal.onRecv(head.message.src(), head.message.dest());
                    messages.onRecv(head.record, scheduler.nowNanos());
                    inbox.endpoint.deliver(head.message, head.id);
                }
                take(inbox);
            });
            return;
        }
    }

    // ---- results ----

    public NetJournal journal() {
        return journal;
    }

    /** Per-message records and per-second counts, for the run page. */
    public MessageLog messages() {
        return messages;
    }

    public List<ProtocolViolation> violations() {
        return Collections.unmodifiableList(violations);
    }

    private static final class Inbox {
        final String id;
        final Endpoint endpoint;
        final PriorityQueue<Envelope> queue = new PriorityQueue<>();
        boolean busy;
        boolean removed;

        Inbox(String id, Endpoint endpoint) {
            this.id = id;
            this.endpoint = endpoint;
        }
    }

    /** {@code record} indexes the message's {@link MessageLog} record, -1 beyond its cap. */
    private record Envelope(long deadlineNanos, long seq, long id, Message message, int record)
            implements Comparable<Envelope> {
        @Override
        public int compareTo(Envelope o) {
            int byDeadline = Long.compare(deadlineNanos, o.deadlineNanos);
            return byDeadline != 0 ? byDeadline : Long.compare(seq, o.seq);
        }
    }
}
