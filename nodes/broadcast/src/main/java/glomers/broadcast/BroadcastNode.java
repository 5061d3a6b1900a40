package glomers.broadcast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Bodies;
import glomers.core.Env;
import glomers.core.ErrorCode;
import glomers.core.Handlers;
import glomers.core.NodeLogic;
import glomers.core.Request;
import glomers.core.RpcError;
import glomers.core.Timer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Challenge 3: every value broadcast to any node reaches every node, over the overlay the
 * profile chooses (Maelstrom's topology is only a hint). {@code broadcast_ok} goes out as soon
 * as the value is stored here: delaying it would shrink the measured latency, which games it.
 *
 * <p>Delivery is reliable per link: gossip carries only what the peer is not known to hold,
 * acknowledgements ride on traffic that flows anyway, and unacknowledged gossip is resent with
 * backoff, so values cut off by a partition arrive once it heals. A slow digest exchange repairs
 * whatever the links cannot see (a peer that restarted with empty state, say).
 */
final class BroadcastNode implements NodeLogic {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How often bitmaps are re-encoded as runs, which keeps per-peer state small as values pile up. */
    private static final long COMPACT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private Profile profile;
    private Env env;
    private final ValueSet values = new ValueSet();
    /** Values this node's own clients gave it: the ones it must deliver itself when meshing. */
    private final ValueSet originated = new ValueSet();
    private long valuesDigest;
    private final Map<String, PeerLink> links = new LinkedHashMap<>();
    private final List<PeerLink> linkList = new ArrayList<>();
    private PeerLink hubLink;
    private boolean isHub;
    private boolean hubSuspected;
    private long epoch;
    /** Set by anything that hints at divergence (retransmission, a restarted peer, a fresh start). */
    private boolean troubled = true;
    private long nextSeq = 1;
    private Timer hubFlush;
    private long hubFlushDeadlineNanos = Long.MAX_VALUE;
    private Timer edgeFlush;
    private final Map<String, Timer> ackTimers = new LinkedHashMap<>();

    @Override
    public void onInit(Env env, Handlers handlers) throws RpcError {
        try {
            this.profile = Profile.fromArgs(env.args());
        } catch (IllegalArgumentException e) {
            throw new RpcError(ErrorCode.MALFORMED_REQUEST, e.getMessage());
        }
        this.env = env;
        this.epoch = env.random().nextLong(1, Long.MAX_VALUE);
        List<String> sorted = new ArrayList<>(env.nodeIds());
        sorted.sort(null);
        String hub = sorted.get(0);
        isHub = profile.overlay() == Profile.Overlay.HUB && hub.equals(env.nodeId());
        long retransmit = profile.retransmitMs() * MS;
        for (String id : sorted) {
            if (!id.equals(env.nodeId())) {
                PeerLink link = new PeerLink(id, retransmit, profile.maxRetransmitMs() * MS);
                links.put(id, link);
                linkList.add(link);
            }
        }
        hubLink = profile.overlay() == Profile.Overlay.HUB ? links.get(hub) : null;
        // Route objects, not lambdas or method references, and String.concat rather than +: the
        // JVM's first invokedynamic costs it a bootstrap of about a hundred classes, better paid
        // after init_ok than before.
        handlers.on("topology", new Route(Route.TOPOLOGY))
                .on("broadcast", new Route(Route.BROADCAST))
                .on("read", new Route(Route.READ))
                .on("gossip", new Route(Route.GOSSIP))
                .on("ack", new Route(Route.GOSSIP))
                .on("digest", new Route(Route.DIGEST))
                .on("digest_state", new Route(Route.DIGEST_STATE));
        if (!linkList.isEmpty()) {
            env.every(Math.max(10, profile.retransmitMs() / 8) * MS, new Route(Route.TICK));
            env.every(profile.antiEntropyMs() * MS, new Route(Route.EXCHANGE_DIGEST));
            env.every(COMPACT_EVERY_NANOS, new Route(Route.COMPACT));
        }
        env.log().info("broadcast profile ".concat(profile.name()).concat(isHub ? ", hub" : ""));
    }

    /** One handler or timer task registered at init (see onInit for why not lambdas). */
    private final class Route implements Handlers.Handler, Runnable {
        static final int TOPOLOGY = 0;
        static final int BROADCAST = 1;
        static final int READ = 2;
        static final int GOSSIP = 3;
        static final int DIGEST = 4;
        static final int DIGEST_STATE = 5;
        static final int TICK = 6;
        static final int EXCHANGE_DIGEST = 7;
        static final int COMPACT = 8;

        private final int what;

        Route(int what) {
            this.what = what;
        }

        @Override
        public void handle(Request request) throws RpcError {
            switch (what) {
                case TOPOLOGY -> request.reply("topology_ok");
                case BROADCAST -> onBroadcast(request);
                case READ -> onRead(request);
                case GOSSIP -> onGossip(request);
                case DIGEST -> onDigest(request);
                case DIGEST_STATE -> onDigestState(request);
                default -> throw new IllegalStateException("not a handler: " + what);
            }
        }

        @Override
        public void run() {
            switch (what) {
                case TICK -> onTick();
                case EXCHANGE_DIGEST -> exchangeDigest();
                case COMPACT -> compact();
                default -> throw new IllegalStateException("not a timer task: " + what);
            }
        }
    }

    // ---- client requests ----

    private void onBroadcast(Request request) throws RpcError {
        JsonNode message = request.body().get("message");
        if (message == null) {
            throw new RpcError(ErrorCode.MALFORMED_REQUEST, "broadcast needs a message field");
        }
        if (values.add(message)) {
            ValueSet single = new ValueSet();
            single.add(message);
            valuesDigest += single.hash();
            originated.add(message);
            onOwnValue();
        }
        request.reply("broadcast_ok");
    }

    private void onRead(Request request) {
        ObjectNode reply = Bodies.of("read_ok");
        reply.set("messages", values.copy().asJsonArray());
        request.reply(reply);
    }

    // ---- what goes where, by overlay ----

    /** What {@code link}'s peer should receive from this node. */
    private ValueSet wantedBy(PeerLink link) {
        if (profile.overlay() == Profile.Overlay.MESH) {
            return originated;
        }
        if (isHub || link == hubLink) {
            return values;
        }
        return hubSuspected ? originated : null;
    }

    private void onOwnValue() {
        if (profile.overlay() == Profile.Overlay.MESH) {
            linkList.forEach(this::flushTo);
        } else if (isHub) {
            requestHubFlush(profile.hubOwnWindowMs());
        } else {
            requestEdgeFlush();
            if (hubSuspected) {
                linkList.forEach(this::flushTo);
            }
        }
    }

    /** Values new to this node arrived from {@code from}. */
    private void onRelayedValues(PeerLink from) {
        if (isHub) {
            requestHubFlush(profile.hubWindowMs());
        } else if (hubLink != null && from != hubLink) {
            // A peer meshing around a cut-off hub: make sure the hub hears of it too.
            requestEdgeFlush();
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
            linkList.forEach(this::flushTo);
        });
    }

    private void requestEdgeFlush() {
        long window = profile.edgeWindowMs();
        if (window == 0) {
            flushTo(hubLink);
            return;
        }
        if (edgeFlush == null) {
            // Aligned on the wall clock, so every node's batch reaches the hub in one window.
            long delayMs = window - Math.floorMod(env.epochMillis(), window);
            edgeFlush = env.after(delayMs * MS, () -> {
                edgeFlush = null;
                flushTo(hubLink);
            });
        }
    }

    /** Sends the peer what it should have and lacks, with any acks owed to it; nothing if neither. */
    private void flushTo(PeerLink link) {
        ValueSet wanted = wantedBy(link);
        sendGossip(link, wanted == null ? new ValueSet() : link.missing(wanted));
    }

    private void sendGossip(PeerLink link, ValueSet delta) {
        if (delta.isEmpty() && !link.owesAcks()) {
            return;
        }
        ObjectNode body = Bodies.of(delta.isEmpty() ? "ack" : "gossip");
        body.put("epoch", epoch);
        long seq = 0;
        if (!delta.isEmpty()) {
            seq = nextSeq++;
            body.put("seq", seq);
            body.set("v", delta.asJsonArray());
        }
        List<Long> acks = link.takeAcks();
        if (!acks.isEmpty()) {
            ArrayNode array = body.putArray("acks");
            acks.forEach(array::add);
        }
        link.sent(seq, delta, env.nowNanos());
        env.send(link.peer(), body);
    }

    // ---- peer messages ----

    private void onGossip(Request request) {
        PeerLink link = linkFor(request);
        if (link == null) {
            return;
        }
        ObjectNode body = request.body();
        if (link.epochChanged(body.path("epoch").asLong())) {
            env.log().info(link.peer() + " restarted; resending everything it should hold");
            troubled = true;
            env.after(0, () -> flushTo(link));
        }
        for (JsonNode ack : body.path("acks")) {
            link.acknowledged(ack.asLong(), env.nowNanos());
        }
        if (link == hubLink && hubSuspected && !link.silentFor(profile.failoverMs() * MS, env.nowNanos())) {
            hubSuspected = false;
        }
        long seq = body.path("seq").asLong(0);
        if (seq > 0) {
            ValueSet received = ValueSet.fromArray(body.get("v"));
            link.peerHolds(received);
            absorb(received, link);
            link.owe(seq, env.nowNanos());
            scheduleAck(link, profile.ackDelayMs() * MS);
        }
    }

    private void absorb(ValueSet received, PeerLink from) {
        ValueSet fresh = received.minus(values);
        if (!fresh.isEmpty()) {
            values.addAll(fresh);
            valuesDigest += fresh.hash();
            onRelayedValues(from);
        }
    }

    /**
     * Makes sure an owed acknowledgement goes out on its own once it has waited the ack delay
     * for traffic to ride on; acks that rode on gossip meanwhile cost nothing.
     */
    private void scheduleAck(PeerLink link, long delayNanos) {
        if (ackTimers.containsKey(link.peer())) {
            return;
        }
        ackTimers.put(link.peer(), env.after(delayNanos, () -> {
            ackTimers.remove(link.peer());
            if (!link.owesAcks()) {
                return;
            }
            long waited = env.nowNanos() - link.oldestOwedNanos();
            long ackDelay = profile.ackDelayMs() * MS;
            if (waited >= ackDelay) {
                flushTo(link);
            } else {
                scheduleAck(link, ackDelay - waited);
            }
        }));
    }

    private void onTick() {
        long now = env.nowNanos();
        if (hubLink != null && !isHub) {
            boolean suspect = hubLink.silentFor(profile.failoverMs() * MS, now);
            if (suspect && !hubSuspected) {
                env.log().info("hub " + hubLink.peer() + " unresponsive; sending own values to every peer");
                hubSuspected = true;
                linkList.forEach(this::flushTo);
            }
        }
        for (PeerLink link : linkList) {
            if (!link.takeExpired(now).isEmpty()) {
                troubled = true;
                flushTo(link);
            }
        }
    }

    private void compact() {
        values.compact();
        originated.compact();
        linkList.forEach(PeerLink::compact);
    }

    // ---- anti-entropy ----

    /**
     * One digest to a random peer, while anything hints that sets may have diverged; healthy
     * links deliver everything by themselves, so quiet periods cost no messages.
     */
    private void exchangeDigest() {
        if (!troubled) {
            return;
        }
        troubled = false;
        PeerLink link = linkList.get(env.random().nextInt(linkList.size()));
        ObjectNode body = Bodies.of("digest");
        body.put("epoch", epoch);
        body.put("count", values.size());
        body.put("hash", valuesDigest);
        env.send(link.peer(), body);
    }

    private void onDigest(Request request) {
        PeerLink link = linkFor(request);
        if (link == null) {
            return;
        }
        ObjectNode body = request.body();
        if (body.path("count").asLong() == values.size() && body.path("hash").asLong() == valuesDigest) {
            link.peerHoldsAll(values);
            return;
        }
        ObjectNode state = Bodies.of("digest_state");
        state.put("epoch", epoch);
        state.set("v", values.copy().asJsonArray());
        env.send(link.peer(), state);
    }

    private void onDigestState(Request request) {
        PeerLink link = linkFor(request);
        if (link == null) {
            return;
        }
        ValueSet theirs = ValueSet.fromArray(request.body().get("v"));
        link.peerHolds(theirs);
        absorb(theirs, link);
        // Repair directly, whatever the overlay: this peer demonstrably lacks these.
        sendGossip(link, link.missing(values));
    }

    private PeerLink linkFor(Request request) {
        PeerLink link = links.get(request.src());
        if (link == null) {
            env.log().warn(request.type() + " from " + request.src() + ", which is not a peer: ignored");
        }
        return link;
    }
}
