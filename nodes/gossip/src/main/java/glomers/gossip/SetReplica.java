package glomers.gossip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Bodies;
import glomers.core.Env;
import glomers.core.ErrorCode;
import glomers.core.GroupCommit;
import glomers.core.Handlers;
import glomers.core.Request;
import glomers.core.RpcError;
import glomers.core.Timer;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A grow-only set replicated to every node, over the overlay the profile chooses: what broadcast
 * and g-set have in common. Values this node's clients add go out as deltas on reliable links
 * ({@link GossipLinks}); the profile decides who sends to whom and how long values wait to be
 * batched.
 *
 * <ul>
 *   <li>Mesh: every node sends its clients' values straight to every peer.
 *   <li>Hub: each node sends its values to its <em>relay</em>, the lowest-id peer below it whose
 *       circuit is not open ({@link PeerCircuit}); a node with none is a hub, which batches and
 *       fans out to every peer. Normally the first node id is the only hub. A partition opens
 *       the circuits it cuts, so each side gets a hub of its own and costs what calm weather
 *       does. (Under a cut that is not clean halves, a node whose relay cannot reach the hub
 *       learns the others' values at the heal.)
 * </ul>
 *
 * <p>With a data directory ({@code data=DIR}) a value from this node's own client is on disk
 * before it is acknowledged or leaves the node ({@link #addAndAck}: one sync per batch of
 * requests), so every value any node holds is durable on the node that took it from its client,
 * and a restarted node re-learns its own values from disk, then sends its relay (or, as a hub or
 * in the mesh, every peer) those it lacks.
 */
public final class SetReplica implements GossipLinks.Owner<ValueSet> {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How often bitmaps are re-encoded as runs, which keeps per-peer state small as values pile up. */
    private static final long COMPACT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    /**
     * Values a replica takes from its own clients at most, as counted now and then (every
     * {@link #COUNT_EVERY} new values and at each compaction: counting a sparse bitmap is not
     * free). Past it a client's new value is refused with 11. Peers' values still merge, each
     * peer bounded the same way, so a set holds at most the union of every node's bounded share.
     */
    static final long MAX_VALUES = 5_000_000;
    private static final int COUNT_EVERY = 4096;

    /**
     * How long reads wait, at start, for a peer's whole state: a node that restarts with nothing
     * answers no read before it has caught up with a reachable peer, or this has passed (peers
     * cut off must not stall reads for the whole partition).
     */
    static final long CATCH_UP_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** A peer that has not answered the start-up sync by then may be down: ask the next one too. */
    static final long CATCH_UP_NEXT_PEER_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** Reads waiting for the catch-up at most; past it a read is refused with 11. */
    static final int MAX_WAITING_READS = 10_000;

    private final Profile profile;
    private final Env env;
    private final long maxValues;
    private final ValueSet values = new ValueSet();
    private long counted;
    private int newSinceCounted;
    /** Values this node's own clients gave it: the ones it must deliver itself when meshing. */
    private final ValueSet originated = new ValueSet();
    private long valuesDigest;
    private final GossipLinks<ValueSet> links;
    private final boolean hubOverlay;
    /** True on the first node id, the hub while nothing is cut. */
    private final boolean isHub;
    /**
     * True when the relay's silence is noticed after a few round trips (see
     * {@link PeerLink#expectPromptAcks}): in the hub profiles whose edges send at once. Not in
     * frugal, whose edges batch once a second to spend fewest messages: there every relay change a
     * cut brings sends the next relay what it lacks, which cost 1.46 times calm weather's messages
     * under partitions (BroadcastSimulationTest, where the bar is 1.25), and passing over a relay
     * as soon as its circuit half-opens still 1.32: frugal keeps the profile's timeout and passes
     * over only a relay whose circuit opened.
     */
    private final boolean promptRelay;
    /** The relay at the last tick, to notice a change (null: this node was a hub). */
    private PeerLink<ValueSet> lastRelay;
    private Timer hubFlush;
    private long hubFlushDeadlineNanos = Long.MAX_VALUE;
    private Timer edgeFlush;
    private boolean caughtUp;
    private final ArrayDeque<Runnable> waitingReads = new ArrayDeque<>();
    /** Null without a data directory. */
    private final ValueLog log;
    private final GroupCommit commit;
    /** Own clients' values waiting for the next commit: not visible, not sent, not yet acknowledged. */
    private final ValueSet staged = new ValueSet();
    /** True when a previous start left values on disk: once caught up, peers that lack them get them. */
    private final boolean recovered;

    /** Joins the replication: registers its peer messages and timers. Call from {@code onInit}. */
    public SetReplica(Env env, Handlers handlers, Profile profile) {
        this(env, handlers, profile, MAX_VALUES);
    }

    SetReplica(Env env, Handlers handlers, Profile profile, long maxValues) {
        this(env, handlers, profile, maxValues, null, new ValueSet());
    }

    /**
     * @param log this node's own values on disk; null for none
     * @param own what a previous start wrote there
     */
    private SetReplica(Env env, Handlers handlers, Profile profile, long maxValues, ValueLog log, ValueSet own) {
        this.env = env;
        this.profile = profile;
        this.maxValues = maxValues;
        this.log = log;
        this.commit = log == null ? null : new GroupCommit(env, this::commitStaged);
        this.recovered = !own.isEmpty();
        if (recovered) {
            admit(own);
            env.log().info("recovered", "re-learned ".concat(Long.toString(own.size()))
                    .concat(" values of this node's own clients from disk"));
        }
        this.links = new GossipLinks<>(env, handlers, values, new ValueSetCodec(), this,
                new GossipLinks.Timing(profile.ackDelayMs() * MS, profile.retransmitMs() * MS,
                        profile.maxRetransmitMs() * MS, profile.antiEntropyMs() * MS));
        List<String> sorted = new ArrayList<>(env.nodeIds());
        sorted.sort(null);
        this.hubOverlay = profile.overlay() == Profile.Overlay.HUB;
        this.isHub = hubOverlay && sorted.get(0).equals(env.nodeId());
        this.promptRelay = hubOverlay && profile.edgeWindowMs() == 0;
        this.lastRelay = hubOverlay ? relay() : null;
        if (lastRelay != null) {
            lastRelay.expectPromptAcks(promptRelay);
        }
        if (links.links().isEmpty()) {
            caughtUp = true;
        } else {
            env.every(COMPACT_EVERY_NANOS, new Compaction());
            // One peer at a time, not all: the hub (the lowest id) holds everything the cluster was
            // told, and one sync costs two messages a start where n - 1 would cost 2(n - 1). A
            // peer that does not answer in time may be down: the next is asked too.
            CatchUp catchUp = new CatchUp();
            catchUp.askNextPeer();
            env.after(CATCH_UP_WAIT_NANOS, catchUp);
            if (recovered) {
                // What this node may alone hold, acknowledged before it died, goes out now rather
                // than after the catch-up (up to 2 s when the first peers asked are down too):
                // the relay it reaches first, or as a hub everyone, has waited for it since.
                onOwnValue();
            }
        }
    }

    /**
     * Joins with the profile the node arguments name (see {@link Profile#fromArgs}); an unknown
     * profile is refused with error 12, which fails the node's {@code init}.
     */
    public static SetReplica start(Env env, Handlers handlers) throws RpcError {
        Profile profile;
        try {
            profile = Profile.fromArgs(env.args());
        } catch (IllegalArgumentException e) {
            throw new RpcError(ErrorCode.MALFORMED_REQUEST, e.getMessage());
        }
        String data = dataDirectory(env.args());
        if (data == null) {
            return new SetReplica(env, handlers, profile);
        }
        try {
            ValueLog log = ValueLog.open(env, data);
            return new SetReplica(env, handlers, profile, MAX_VALUES, log, log.recover());
        } catch (IOException | RuntimeException e) {
            throw new RpcError(ErrorCode.CRASH, "cannot use data directory ".concat(data).concat(": ")
                    .concat(String.valueOf(e.getMessage())));
        }
    }

    /**
     * The {@code data=DIR} (or {@code --data=DIR}) node argument, or null. The profile's parser
     * takes bare words too, so this one looks for its own key rather than parsing strictly.
     */
    static String dataDirectory(List<String> args) throws RpcError {
        String data = null;
        for (String arg : args) {
            if (arg.startsWith("data=") || arg.startsWith("--data=")) {
                data = arg.substring(arg.indexOf('=') + 1);
                if (data.isEmpty()) {
                    throw new RpcError(ErrorCode.MALFORMED_REQUEST, "data needs a directory (data=DIR)");
                }
            }
        }
        return data;
    }

    /** True when this node writes its clients' values to a data directory before acknowledging them. */
    public boolean durable() {
        return log != null;
    }

    /** What the log says at init: the profile's name, whether this node is the hub, and its disk. */
    public String describe() {
        String name = isHub ? profile.name().concat(", hub") : profile.name();
        return log == null ? name : name.concat(", values on disk");
    }

    /** True on the node that batches and fans out in the hub overlays while nothing is cut. */
    public boolean isHub() {
        return isHub;
    }

    /**
     * Adds a value from this node's own client, in memory only (nothing is written, even with a
     * data directory: see {@link #addAndAck}); true if it was new here.
     */
    public boolean add(JsonNode value) throws RpcError {
        refuseIfFull(value);
        if (!admit(value)) {
            return false;
        }
        onOwnValue();
        return true;
    }

    /**
     * Adds a value from this node's own client and replies {@code okType} to {@code request}: at
     * once without a data directory; with one, once the value is on disk. Until then the value is
     * neither visible nor sent: every value a peer ever holds is durable at its origin, so a value
     * a read has returned is never lost, whoever crashes.
     */
    public void addAndAck(JsonNode value, Request request, String okType) throws RpcError {
        if (log == null) {
            add(value);
            request.reply(okType);
        } else if (values.contains(value)) {
            request.reply(okType); // already durable, here or at the node that took it first
        } else {
            refuseIfFull(value);
            staged.add(value);
            commit.await(request, Bodies.of(okType));
        }
    }

    /** One group commit: the staged values reach the disk, then join the set and go out. */
    private void commitStaged() throws IOException {
        if (staged.isEmpty()) {
            return;
        }
        ValueSet batch = staged.copy();
        staged.clear();
        if (log.write(batch, originated)) {
            env.metrics().counter("value-log-compactions").increment();
        }
        admit(batch);
        onOwnValue();
    }

    private void refuseIfFull(JsonNode value) throws RpcError {
        if (counted >= maxValues && !values.contains(value)) {
            env.metrics().counter("refused-values-full").increment();
            throw new RpcError(ErrorCode.TEMPORARILY_UNAVAILABLE, "this node holds " + counted
                    + " values, its limit; the new one was not added");
        }
    }

    /** Puts one own value in the set; false if it was there. */
    private boolean admit(JsonNode value) {
        if (!values.add(value)) {
            return false;
        }
        // Counted values plus own new ones since is at most the size: at the bound, count exactly.
        if (++newSinceCounted >= COUNT_EVERY || counted + newSinceCounted >= maxValues) {
            newSinceCounted = 0;
            counted = values.size();
        }
        ValueSet single = new ValueSet();
        single.add(value);
        valuesDigest += single.hash();
        originated.add(value);
        return true;
    }

    /** Puts own values in the set (a commit's, or those recovered from disk). */
    private void admit(ValueSet own) {
        ValueSet fresh = own.minus(values);
        values.merge(fresh);
        valuesDigest += fresh.hash();
        originated.merge(own);
        newSinceCounted += (int) Math.min(COUNT_EVERY, fresh.size());
        if (newSinceCounted >= COUNT_EVERY || counted + newSinceCounted >= maxValues) {
            newSinceCounted = 0;
            counted = values.size();
        }
    }

    /**
     * Replies {@code read_ok} with every value in {@code field}, once this node has caught up at
     * start (at once, almost always): a read answered by a node that has just restarted with
     * nothing would go back in time.
     */
    public void answerRead(Request request, String field) throws RpcError {
        whenCaughtUp(new ReadAnswer(request, field));
    }

    private final class ReadAnswer implements Runnable {
        private final Request request;
        private final String field;

        ReadAnswer(Request request, String field) {
            this.request = request;
            this.field = field;
        }

        @Override
        public void run() {
            ObjectNode reply = Bodies.of("read_ok");
            reply.set(field, valuesAsJsonArray());
            request.reply(reply);
        }
    }

    private void whenCaughtUp(Runnable read) throws RpcError {
        if (caughtUp) {
            read.run();
        } else if (waitingReads.size() < MAX_WAITING_READS) {
            waitingReads.add(read);
        } else {
            throw new RpcError(ErrorCode.TEMPORARILY_UNAVAILABLE, "still catching up with a peer after a start, and "
                    + MAX_WAITING_READS + " reads already wait; nothing was done");
        }
    }

    /** Every value this node holds, as a body field streamed when the reply is written. */
    public JsonNode valuesAsJsonArray() {
        return values.copy().asJsonArray();
    }

    // ---- what goes where, by overlay ----

    /**
     * The lowest-id peer below this node whose circuit is closed: where this node's values go in
     * the hub overlay. Null when there is none, and this node is then a hub. A relay whose gossip
     * went unacknowledged (its circuit half-open, a probe going or gone) is passed over at once:
     * its probe decides whether it is back. Frugal (no {@link #promptRelay}) passes over only a
     * relay whose circuit opened, after its probe went unanswered: fewer relay changes.
     */
    private PeerLink<ValueSet> relay() {
        for (PeerLink<ValueSet> link : links.links()) {
            if (link.peer().compareTo(env.nodeId()) > 0) {
                return null;
            }
            if (promptRelay ? link.answering() : link.circuitState() != PeerCircuit.State.OPEN) {
                return link;
            }
        }
        return null;
    }

    /** What {@code link}'s peer should receive from this node; null for nothing. */
    private ValueSet wantedBy(PeerLink<ValueSet> link) {
        if (!hubOverlay) {
            return originated;
        }
        PeerLink<ValueSet> relay = relay();
        // A hub fans out everything, a relay is sent everything, and nobody else anything, but
        // for the probe of a former relay, which carries what it lacks (one message per probe).
        if (relay == null || link == relay) {
            return values;
        }
        boolean passedOver = link.peer().compareTo(relay.peer()) < 0;
        return passedOver && link.circuitState() == PeerCircuit.State.HALF_OPEN ? values : null;
    }

    @Override
    public void flushTo(PeerLink<ValueSet> link) {
        ValueSet wanted = wantedBy(link);
        links.send(link, wanted == null ? new ValueSet() : link.missing(wanted));
    }

    private void flushToAll() {
        for (PeerLink<ValueSet> link : links.links()) {
            flushTo(link);
        }
    }

    private void onOwnValue() {
        if (!hubOverlay) {
            flushToAll();
        } else if (relay() == null) {
            requestHubFlush(profile.hubOwnWindowMs());
        } else {
            requestEdgeFlush();
        }
    }

    /**
     * Values new to this node arrived from {@code from}. A peer back from a cut sends what it
     * held back off the edges' pace (in a probe, or once its circuit closes again): a hub lets
     * that wait for its next fan-out, as it does its own clients' values, rather than fan out to
     * everyone once more for each returning peer.
     */
    private void onRelayedValues(PeerLink<ValueSet> from, boolean probe) {
        if (!hubOverlay) {
            return;
        }
        PeerLink<ValueSet> relay = relay();
        if (relay == null) {
            boolean backlog = probe || from.reclosedWithin(profile.edgeWindowMs() * MS, env.nowNanos());
            requestHubFlush(backlog ? profile.hubOwnWindowMs() : profile.hubWindowMs());
        } else if (from != relay) {
            // A peer relaying through this node while its hub is cut off: pass them on.
            requestEdgeFlush();
        }
    }

    /** Sends to the relay what it lacks, or fans out when this node is a hub now. */
    private void flushToRelay() {
        PeerLink<ValueSet> relay = relay();
        if (relay == null) {
            requestHubFlush(profile.hubWindowMs());
        } else {
            flushTo(relay);
        }
    }

    private void requestHubFlush(long windowMs) {
        long deadline = env.nowNanos() + windowMs * MS;
        if (hubFlush != null && hubFlushDeadlineNanos <= deadline) {
            return;
        }
        if (hubFlush != null) {
            hubFlush.cancel();
        }
        hubFlushDeadlineNanos = deadline;
        hubFlush = env.after(windowMs * MS, () -> {
            hubFlush = null;
            hubFlushDeadlineNanos = Long.MAX_VALUE;
            flushToAll();
        });
    }

    private void requestEdgeFlush() {
        long window = profile.edgeWindowMs();
        if (window == 0) {
            flushToRelay();
            return;
        }
        if (edgeFlush == null) {
            // Aligned on the wall clock, so every node's batch reaches the hub in one window.
            long delayMs = window - Math.floorMod(env.epochMillis(), window);
            edgeFlush = env.after(delayMs * MS, () -> {
                edgeFlush = null;
                flushToRelay();
            });
        }
    }

    // ---- what the links report ----

    /**
     * A node that recovered values from disk holds its own and little else until it has caught
     * up: a peer restarting meanwhile must not take that for the cluster's state (its reads would
     * go back behind reads answered before). Without a disk nothing changes: a node that restarted
     * with nothing cannot tell a restart from a first start.
     */
    @Override
    public boolean answersSync() {
        return caughtUp || !recovered;
    }

    @Override
    public ValueSet state() {
        return values;
    }

    @Override
    public GossipLinks.Digest digest() {
        return new GossipLinks.Digest(values.size(), valuesDigest);
    }

    @Override
    public void onDelta(PeerLink<ValueSet> from, ValueSet received) {
        merge(from, received, false);
    }

    @Override
    public void onProbeDelta(PeerLink<ValueSet> from, ValueSet received) {
        merge(from, received, true);
    }

    private void merge(PeerLink<ValueSet> from, ValueSet received, boolean probe) {
        ValueSet fresh = received.minus(values);
        if (!fresh.isEmpty()) {
            values.merge(fresh);
            valuesDigest += fresh.hash();
            onRelayedValues(from, probe);
        }
    }

    /**
     * A circuit that opened or closed may have moved the relay: what waited goes to the new one,
     * at the edges' next batch, so it reaches the new hub with everyone else's.
     */
    @Override
    public void onTick(long nowNanos) {
        noticeRelayChange();
    }

    /** A timeout half-opens the relay's circuit: its values go to the next relay now, not a tick later. */
    @Override
    public void onRetransmitDue(PeerLink<ValueSet> peer) {
        flushTo(peer);
        noticeRelayChange();
    }

    private void noticeRelayChange() {
        if (!hubOverlay) {
            return;
        }
        PeerLink<ValueSet> relay = relay();
        if (relay != lastRelay) {
            env.log().info("relay", relay == null ? "no relay answering below this node: acting as a hub"
                    : "relaying through ".concat(relay.peer()));
            // A relay that is a hub acks on its next fan-out, so its silence is noticed after a
            // few round trips; other peers ack when they have something to send.
            if (lastRelay != null) {
                lastRelay.expectPromptAcks(false);
            }
            if (relay != null) {
                relay.expectPromptAcks(promptRelay);
            }
            lastRelay = relay;
            requestEdgeFlush();
        }
    }

    /** The start-up sync answered, or its wait passed: whichever comes first lets reads through. */
    private final class CatchUp implements Runnable, BooleanSupplier {
        private int asked;

        /** Syncs with the next peer in id order, and asks the one after if this is slow to answer. */
        void askNextPeer() {
            if (caughtUp || asked >= links.links().size()) {
                return;
            }
            links.syncWith(links.links().get(asked++), this, this);
            env.after(CATCH_UP_NEXT_PEER_NANOS, new AskNext(this));
        }

        /** A sync unanswered is asked again only while reads still wait for one. */
        @Override
        public boolean getAsBoolean() {
            return !caughtUp;
        }

        @Override
        public void run() {
            if (caughtUp) {
                return;
            }
            caughtUp = true;
            if (recovered) {
                // What this node alone may hold: it acknowledged them, then died before a peer
                // had them. The links now know what the peer that answered holds.
                onOwnValue();
            }
            if (!waitingReads.isEmpty()) {
                env.log().info("caught-up", "answering ".concat(Integer.toString(waitingReads.size()))
                        .concat(" reads that waited for the start-up sync"));
            }
            Runnable read;
            while ((read = waitingReads.poll()) != null) {
                read.run();
            }
        }
    }

    /** A timer task (an object, not a lambda, as the first is made before init_ok). */
    private static final class AskNext implements Runnable {
        private final CatchUp catchUp;

        AskNext(CatchUp catchUp) {
            this.catchUp = catchUp;
        }

        @Override
        public void run() {
            catchUp.askNextPeer();
        }
    }

    /** Re-encodes the bitmaps as runs (a timer task: an object, not a lambda, as it is made at init). */
    private final class Compaction implements Runnable {
        @Override
        public void run() {
            values.compact();
            counted = values.size();
            originated.compact();
            for (PeerLink<ValueSet> link : links.links()) {
                link.compact();
            }
        }
    }

    /** Sets travel as JSON arrays, streamed from the bitmap when the message is written. */
    private static final class ValueSetCodec implements GossipLinks.Codec<ValueSet> {
        @Override
        public JsonNode encode(ValueSet state) {
            return state.asJsonArray();
        }

        @Override
        public ValueSet decode(JsonNode json) {
            return ValueSet.fromArray(json);
        }

        @Override
        public long elements(ValueSet state, JsonNode encoded) {
            return state.size(); // the array is streamed when written: it has no size before
        }
    }
}
