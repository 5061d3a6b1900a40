package glomers.gossip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Bodies;
import glomers.core.Env;
import glomers.core.ErrorCode;
import glomers.core.Handlers;
import glomers.core.Metrics;
import glomers.core.Request;
import glomers.core.RpcCallback;
import glomers.core.RpcError;
import glomers.core.Timer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Reliable delta links to every peer, for any {@link Lattice} state: the part of replication
 * that does not depend on what is replicated. The owner decides what each peer should receive
 * and when ({@link Owner#flushTo}, {@link #sendMissing}); this class numbers the gossip, piggybacks acknowledgements
 * on it, sends an owed acknowledgement alone only after it has waited {@link Timing#ackDelayNanos}
 * for traffic to ride on, resends unacknowledged gossip with backoff and jitter, probes a peer
 * that stopped acknowledging instead of flooding it (a circuit per peer, {@link PeerCircuit}:
 * while it is open, gossip to the peer is held back and only acknowledgements go), notices a
 * peer that restarted (a new boot epoch in every message) and, while anything hints at
 * divergence, exchanges digests with one random answering peer so that whatever the links
 * cannot see is repaired.
 *
 * <p>Messages between nodes: {@code gossip {epoch, seq, v, acks, probe}} ({@code probe: true}
 * asks for an answer at once), {@code ack {epoch, acks}},
 * {@code digest {epoch, count, hash}}, {@code digest_state {epoch, v}}, and the request
 * {@code sync {epoch}} answered by {@code sync_ok {epoch, v}} (a node's whole state, asked for
 * at start by owners that must not serve reads before they have re-learned it).
 *
 * @param <S> the replicated state
 */
public final class GossipLinks<S extends Lattice<S>> {

    /** How a state travels: encoded into a body field, decoded from one. */
    public interface Codec<S> {
        /** A body field holding {@code state}; {@code state} is not changed before it is sent. */
        JsonNode encode(S state);

        S decode(JsonNode json);

        /** How many elements a batch of {@code state} carries, for the gossip-batch-size metric. */
        default long elements(S state, JsonNode encoded) {
            return encoded.size();
        }
    }

    /** The owner of the replicated state: told what arrives, asked what it holds. */
    public interface Owner<S extends Lattice<S>> {
        /** The whole local state; read, never kept. */
        S state();

        /**
         * The state's digest, equal on two nodes exactly when their states are (but for
         * collisions); needed only with anti-entropy on ({@link Timing#antiEntropyNanos} above 0).
         */
        default Digest digest() {
            throw new UnsupportedOperationException("no digests without anti-entropy");
        }

        /** A peer sent state; the link already records that the peer holds it. */
        void onDelta(PeerLink<S> from, S delta);

        /**
         * As {@link #onDelta}, for state a probe carried: the backlog of a peer whose circuit to
         * this node was not closed, so it comes off the peer's usual pace. By default the same.
         */
        default void onProbeDelta(PeerLink<S> from, S delta) {
            onDelta(from, delta);
        }

        /**
         * Sends the peer what it should hold now and lacks, with any acks owed to it (usually by
         * {@link #sendMissing}). Called when an owed ack has waited its delay, when the peer
         * restarted empty, and (unless {@link #onRetransmitDue} says otherwise) when gossip to it
         * went unacknowledged past its deadline.
         */
        void flushTo(PeerLink<S> peer);

        /**
         * Gossip to the peer went unacknowledged past its deadline, so what it carried counts as
         * missing again. By default it is sent again at once ({@link #flushTo}); an owner that
         * sends on a timer anyway can leave it to its next message.
         */
        default void onRetransmitDue(PeerLink<S> peer) {
            flushTo(peer);
        }

        /**
         * False while this node's state may lack what peers hold (it restarted and has not caught
         * up yet): a start-up sync is then refused with 14, so the asker turns to another peer
         * rather than take a partial state as the cluster's. True by default.
         */
        default boolean answersSync() {
            return true;
        }

        /** A gossip or ack message from the peer was processed (its acks applied). */
        default void onHeard(PeerLink<S> peer) {
        }

        /** Runs first on every tick of the link timer. */
        default void onTick(long nowNanos) {
        }
    }

    /** An order-independent summary of a state: its size and a hash. */
    public record Digest(long count, long hash) {
    }

    /**
     * @param ackDelayNanos       how long an owed acknowledgement waits for traffic to ride on
     * @param retransmitNanos     first retransmission timeout; doubles while unanswered...
     * @param maxRetransmitNanos  ...up to this (before a quarter of jitter)
     * @param antiEntropyNanos    period of the digest exchange, while divergence is suspected;
     *                            0 for none, where the links and a start-up sync suffice
     */
    public record Timing(long ackDelayNanos, long retransmitNanos, long maxRetransmitNanos, long antiEntropyNanos) {

        long tickNanos() {
            return Math.max(10_000_000L, retransmitNanos / 8);
        }
    }

    private static final long SYNC_TIMEOUT_NANOS = 1_000_000_000L;
    private static final long MAX_SYNC_PAUSE_NANOS = 8_000_000_000L;

    private final Env env;
    private final Codec<S> codec;
    private final Owner<S> owner;
    private Timing timing;
    private final long epoch;
    private final Map<String, PeerLink<S>> links = new LinkedHashMap<>();
    private final List<PeerLink<S>> linkList = new ArrayList<>();
    private final Map<String, Timer> ackTimers = new LinkedHashMap<>();
    private long nextSeq = 1;
    /**
     * The fastest answer to a start-up sync so far (0 before any): the network's round trip, as
     * little inflated as can be by peers still starting up.
     */
    private long syncRoundTripNanos;
    /**
     * Set by anything that hints at divergence: a fresh start, a restarted peer, a peer answering
     * again after its circuit opened (a healed cut). Not by each retransmission: a partition
     * keeps those coming, and the links resend what they carried by themselves.
     */
    private boolean troubled = true;

    /**
     * Links to every other node, with a fresh boot epoch; registers the peer message handlers and,
     * when there are peers, the link timers. Call from {@code onInit}.
     *
     * @param empty an empty state, from which each peer's watermark starts
     */
    public GossipLinks(Env env, Handlers handlers, S empty, Codec<S> codec, Owner<S> owner, Timing timing) {
        this.env = env;
        this.codec = codec;
        this.owner = owner;
        this.timing = timing;
        this.epoch = env.random().nextLong(1, Long.MAX_VALUE);
        List<String> sorted = new ArrayList<>(env.nodeIds());
        sorted.sort(null);
        for (String id : sorted) {
            if (!id.equals(env.nodeId())) {
                PeerLink<S> link = new PeerLink<>(id, empty, timing.retransmitNanos(), timing.maxRetransmitNanos(),
                        env.random());
                links.put(id, link);
                linkList.add(link);
            }
        }
        // Route objects, not lambdas: the JVM's first invokedynamic costs it a bootstrap of about
        // a hundred classes, better paid after init_ok than before.
        handlers.on("gossip", new Route(Route.GOSSIP))
                .on("ack", new Route(Route.GOSSIP))
                .on("sync", new Route(Route.SYNC));
        if (timing.antiEntropyNanos() > 0) {
            handlers.on("digest", new Route(Route.DIGEST)).on("digest_state", new Route(Route.DIGEST_STATE));
        }
        if (!linkList.isEmpty()) {
            env.every(timing.tickNanos(), new Route(Route.TICK));
            if (timing.antiEntropyNanos() > 0) {
                env.every(timing.antiEntropyNanos(), new Route(Route.EXCHANGE_DIGEST));
            }
        }
    }

    /**
     * New acknowledgement and retransmission delays, for a replica that chose its period after
     * measuring the network; the link timer keeps its pace (checking more often costs nothing).
     */
    public void retime(Timing newTiming) {
        timing = newTiming;
        for (PeerLink<S> link : linkList) {
            link.retime(newTiming.retransmitNanos(), newTiming.maxRetransmitNanos());
        }
    }

    /** The shortest round trip of a start-up sync answered so far (0 before any answer). */
    public long syncRoundTripNanos() {
        return syncRoundTripNanos;
    }

    /** This start's boot epoch: random, never 0, carried in every message. */
    public long epoch() {
        return epoch;
    }

    /** Every peer, sorted by id. */
    public List<PeerLink<S>> links() {
        return Collections.unmodifiableList(linkList);
    }

    /** The link to {@code peer}, or null when it is not a peer. */
    public PeerLink<S> link(String peer) {
        return links.get(peer);
    }

    /** Sends the peer what it lacks of {@code wanted}, with any acks owed to it; nothing if neither. */
    public void sendMissing(PeerLink<S> link, S wanted) {
        send(link, link.missing(wanted));
    }

    /**
     * Sends {@code delta} (possibly empty) with any acks owed to the peer; nothing if neither.
     * While the peer's circuit holds gossip back, only the acks go, and the delta stays missing.
     */
    public void send(PeerLink<S> link, S delta) {
        if (!delta.isEmpty() && !link.mayGossip()) {
            delta = delta.empty();
        }
        if (delta.isEmpty() && !link.owesAcks()) {
            return;
        }
        ObjectNode body = Bodies.of(delta.isEmpty() ? "ack" : "gossip");
        body.put("epoch", epoch);
        long seq = 0;
        if (!delta.isEmpty()) {
            seq = nextSeq++;
            body.put("seq", seq);
            JsonNode v = codec.encode(delta);
            body.set("v", v);
            env.metrics().distribution("gossip-batch-size").record(codec.elements(delta, v));
            if (link.nextGossipIsProbe()) {
                body.put("probe", true);
                env.metrics().counter("gossip-probes").increment();
            }
        }
        List<Long> acks = link.takeAcks();
        if (!acks.isEmpty()) {
            ArrayNode array = body.putArray("acks");
            acks.forEach(array::add);
        }
        link.sent(seq, delta, env.nowNanos());
        env.send(link.peer(), body);
    }

    /**
     * Asks every peer for its whole state; {@code done} runs once each has answered, or has
     * said it is not initialised yet (so holds nothing). Unanswered requests are repeated, so
     * under a partition {@code done} waits for the heal.
     */
    public void syncWithAll(Runnable done) {
        SyncRound round = new SyncRound(linkList.size(), done);
        if (linkList.isEmpty()) {
            done.run();
            return;
        }
        for (PeerLink<S> link : linkList) {
            new SyncRequest(link, round, ALWAYS).send();
        }
    }

    /**
     * Asks one peer for its whole state; {@code done} runs once it has answered, or has said it
     * is not initialised yet. Repeated while unanswered and {@code wanted} holds.
     */
    public void syncWith(PeerLink<S> link, Runnable done, BooleanSupplier wanted) {
        new SyncRequest(link, new SyncRound(1, done), wanted).send();
    }

    /** For syncs wanted until answered: an object, not a lambda, as it is used before init_ok. */
    private static final BooleanSupplier ALWAYS = new BooleanSupplier() {
        @Override
        public boolean getAsBoolean() {
            return true;
        }
    };

    /** Counts the peers still to answer a sync; an object, not a lambda, as it runs before init_ok. */
    private static final class SyncRound {
        private int remaining;
        private final Runnable done;

        SyncRound(int peers, Runnable done) {
            this.remaining = peers;
            this.done = done;
        }

        void peerAnswered() {
            if (--remaining == 0) {
                done.run();
            }
        }
    }

    /** One handler or timer task registered at init (see the constructor for why not lambdas). */
    private final class Route implements Handlers.Handler, Runnable {
        static final int GOSSIP = 0;
        static final int DIGEST = 1;
        static final int DIGEST_STATE = 2;
        static final int SYNC = 3;
        static final int TICK = 4;
        static final int EXCHANGE_DIGEST = 5;

        private final int what;

        Route(int what) {
            this.what = what;
        }

        @Override
        public void handle(Request request) throws RpcError {
            switch (what) {
                case GOSSIP -> onGossip(request);
                case DIGEST -> onDigest(request);
                case DIGEST_STATE -> onDigestState(request);
                case SYNC -> onSync(request);
                default -> throw new IllegalStateException("not a handler: " + what);
            }
        }

        @Override
        public void run() {
            switch (what) {
                case TICK -> onTick();
                case EXCHANGE_DIGEST -> exchangeDigest();
                default -> throw new IllegalStateException("not a timer task: " + what);
            }
        }
    }

    private void onGossip(Request request) {
        PeerLink<S> link = linkFor(request);
        if (link == null) {
            return;
        }
        ObjectNode body = request.body();
        noteEpoch(link, body);
        boolean wasAnswering = link.answering();
        // An open circuit half-opens when the peer is heard from; a closing one sends what waited.
        boolean probeDue = link.heard();
        for (JsonNode ack : body.path("acks")) {
            link.acknowledged(ack.asLong(), env.nowNanos());
        }
        if (!wasAnswering && link.answering()) {
            probeDue = true;
            troubled = true;
        }
        owner.onHeard(link);
        long seq = body.path("seq").asLong(0);
        S received = seq > 0 ? decodeOrDrop(link, "gossip", body) : null;
        if (received != null) {
            boolean probe = body.path("probe").asBoolean(false);
            link.peerHolds(received);
            if (probe) {
                owner.onProbeDelta(link, received);
            } else {
                owner.onDelta(link, received);
            }
            if (!link.owe(seq, env.nowNanos())) {
                env.metrics().counter("gossip-acks-not-kept").increment();
            }
            if (probe) {
                probeDue = true; // the peer's circuit waits for this answer: it goes now
            } else {
                scheduleAck(link, timing.ackDelayNanos());
            }
        }
        if (probeDue) {
            owner.flushTo(link);
        }
    }

    /**
     * The state a peer's message carries in {@code v}, or null, counted and logged, when it is
     * missing or of the wrong shape: a peer's bad message is dropped, never thrown to the loop.
     */
    private S decodeOrDrop(PeerLink<S> link, String type, ObjectNode body) {
        try {
            return codec.decode(body.get("v"));
        } catch (RuntimeException e) {
            Metrics.Counter dropped = env.metrics().counter("dropped-malformed-peer-message");
            if (dropped.incrementAtMilestone()) {
                env.log().warn("malformed-peer-message", "dropped a " + type + " from " + link.peer() + ": "
                        + e.getMessage() + " (" + dropped.value() + " so far)");
            }
            return null;
        }
    }

    private void noteEpoch(PeerLink<S> link, ObjectNode body) {
        if (link.epochChanged(body.path("epoch").asLong())) {
            env.log().info("peer-restarted", link.peer() + " restarted; resending everything it should hold");
            troubled = true;
            env.after(0, () -> owner.flushTo(link));
        }
    }

    /**
     * Makes sure an owed acknowledgement goes out on its own once it has waited the ack delay
     * for traffic to ride on; acks that rode on gossip meanwhile cost nothing.
     */
    private void scheduleAck(PeerLink<S> link, long delayNanos) {
        if (ackTimers.containsKey(link.peer())) {
            return;
        }
        ackTimers.put(link.peer(), env.after(delayNanos, () -> {
            ackTimers.remove(link.peer());
            if (!link.owesAcks()) {
                return;
            }
            long waited = env.nowNanos() - link.oldestOwedNanos();
            if (waited >= timing.ackDelayNanos()) {
                owner.flushTo(link);
            } else {
                scheduleAck(link, timing.ackDelayNanos() - waited);
            }
        }));
    }

    private void onTick() {
        long now = env.nowNanos();
        owner.onTick(now);
        for (PeerLink<S> link : linkList) {
            if (link.takeExpired(now)) {
                env.metrics().counter("gossip-retransmits").increment();
                owner.onRetransmitDue(link);
            }
            if (link.probeDue(now)) {
                owner.flushTo(link);
            }
        }
    }

    // ---- anti-entropy ----

    /**
     * One digest to a random answering peer, while anything hints that states may have diverged;
     * healthy links deliver everything by themselves, so quiet periods cost no messages.
     */
    private void exchangeDigest() {
        if (!troubled) {
            return;
        }
        PeerLink<S> link = linkList.get(env.random().nextInt(linkList.size()));
        if (!link.answering()) {
            return; // a cut-off peer would not answer; try again next period
        }
        troubled = false;
        Digest digest = owner.digest();
        ObjectNode body = Bodies.of("digest");
        body.put("epoch", epoch);
        body.put("count", digest.count());
        body.put("hash", digest.hash());
        env.send(link.peer(), body);
    }

    private void onDigest(Request request) {
        PeerLink<S> link = linkFor(request);
        if (link == null) {
            return;
        }
        ObjectNode body = request.body();
        Digest mine = owner.digest();
        S state = owner.state();
        if (body.path("count").asLong() == mine.count() && body.path("hash").asLong() == mine.hash()) {
            link.peerHolds(state);
            link.compact();
            return;
        }
        ObjectNode reply = Bodies.of("digest_state");
        reply.put("epoch", epoch);
        reply.set("v", codec.encode(snapshot(state)));
        env.send(link.peer(), reply);
    }

    private void onDigestState(Request request) {
        PeerLink<S> link = linkFor(request);
        if (link == null) {
            return;
        }
        S theirs = decodeOrDrop(link, "digest_state", request.body());
        if (theirs == null) {
            return;
        }
        link.peerHolds(theirs);
        owner.onDelta(link, theirs);
        // Repair directly, whatever the owner's overlay: this peer demonstrably lacks these.
        sendMissing(link, owner.state());
    }

    // ---- re-learning the state at start ----

    private void onSync(Request request) throws RpcError {
        PeerLink<S> link = linkFor(request);
        if (link == null) {
            return;
        }
        noteEpoch(link, request.body());
        if (!owner.answersSync()) {
            throw new RpcError(ErrorCode.ABORT, "restarted and not caught up yet: ask another peer");
        }
        ObjectNode reply = Bodies.of("sync_ok");
        reply.put("epoch", epoch);
        reply.set("v", codec.encode(snapshot(owner.state())));
        request.reply(reply);
    }

    /** One peer's sync, repeated with doubling pauses until it is answered. */
    private final class SyncRequest implements RpcCallback {
        private final PeerLink<S> link;
        private final SyncRound round;
        private final BooleanSupplier wanted;
        private long pauseNanos = SYNC_TIMEOUT_NANOS / 2;
        private long sentNanos;

        SyncRequest(PeerLink<S> link, SyncRound round, BooleanSupplier wanted) {
            this.link = link;
            this.round = round;
            this.wanted = wanted;
        }

        void send() {
            sentNanos = env.nowNanos();
            ObjectNode body = Bodies.of("sync");
            body.put("epoch", epoch);
            env.rpc(link.peer(), body, SYNC_TIMEOUT_NANOS, this);
        }

        @Override
        public void onReply(ObjectNode reply) {
            RpcError error = RpcError.of(reply).orElse(null);
            if (error == null || error.code() != ErrorCode.TIMEOUT.code()) {
                long roundTrip = Math.max(1, env.nowNanos() - sentNanos);
                syncRoundTripNanos = syncRoundTripNanos == 0 ? roundTrip : Math.min(syncRoundTripNanos, roundTrip);
            }
            S theirs = error == null ? decodeOrDrop(link, "sync_ok", reply) : null;
            if (error == null && theirs == null) {
                error = new RpcError(ErrorCode.MALFORMED_REQUEST, "its sync_ok held no state we can read");
            }
            if (error == null) {
                noteEpoch(link, reply);
                link.peerHolds(theirs);
                owner.onDelta(link, theirs);
                round.peerAnswered();
            } else if (error.code() == ErrorCode.TEMPORARILY_UNAVAILABLE.code()) {
                // Not initialised yet: it has started after us, so it holds nothing to re-learn.
                round.peerAnswered();
            } else if (!wanted.getAsBoolean()) {
                env.log().info("sync-failed", "sync with " + link.peer() + " failed (" + error.text() + "); no longer needed");
            } else {
                env.log().info("sync-failed", "sync with " + link.peer() + " failed (" + error.text() + "); asking again");
                env.after(pauseNanos + env.random().nextLong(pauseNanos / 4 + 1), this::send);
                pauseNanos = Math.min(MAX_SYNC_PAUSE_NANOS, pauseNanos * 2);
            }
        }
    }

    private static <S extends Lattice<S>> S snapshot(S state) {
        return state.minus(state.empty());
    }

    private PeerLink<S> linkFor(Request request) {
        PeerLink<S> link = links.get(request.src());
        if (link == null) {
            env.log().warn("not-a-peer", request.type() + " from " + request.src() + ", which is not a peer: ignored");
        }
        return link;
    }
}
