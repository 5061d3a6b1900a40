package glomers.gossip;

import com.fasterxml.jackson.databind.JsonNode;
import glomers.core.Env;
import glomers.core.ErrorCode;
import glomers.core.Handlers;
import glomers.core.RpcError;
import glomers.core.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A grow-only set replicated to every node, over the overlay the profile chooses: what broadcast
 * and g-set have in common. Values this node's clients add go out as deltas on reliable links
 * ({@link GossipLinks}); the profile decides who sends to whom and how long values wait to be
 * batched.
 *
 * <ul>
 *   <li>Mesh: every node sends its clients' values straight to every peer.
 *   <li>Hub (the first node id): other nodes send to the hub, which batches and fans out. A node
 *       whose gossip to the hub has gone unacknowledged past the profile's failover time sends its
 *       own clients' values straight to every peer until the hub answers.
 * </ul>
 */
public final class SetReplica implements GossipLinks.Owner<ValueSet> {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How often bitmaps are re-encoded as runs, which keeps per-peer state small as values pile up. */
    private static final long COMPACT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Profile profile;
    private final Env env;
    private final ValueSet values = new ValueSet();
    /** Values this node's own clients gave it: the ones it must deliver itself when meshing. */
    private final ValueSet originated = new ValueSet();
    private long valuesDigest;
    private final GossipLinks<ValueSet> links;
    private final PeerLink<ValueSet> hubLink;
    private final boolean isHub;
    private boolean hubSuspected;
    private Timer hubFlush;
    private long hubFlushDeadlineNanos = Long.MAX_VALUE;
    private Timer edgeFlush;

    /** Joins the replication: registers its peer messages and timers. Call from {@code onInit}. */
    public SetReplica(Env env, Handlers handlers, Profile profile) {
        this.env = env;
        this.profile = profile;
        this.links = new GossipLinks<>(env, handlers, values, new ValueSetCodec(), this,
                new GossipLinks.Timing(profile.ackDelayMs() * MS, profile.retransmitMs() * MS,
                        profile.maxRetransmitMs() * MS, profile.antiEntropyMs() * MS));
        List<String> sorted = new ArrayList<>(env.nodeIds());
        sorted.sort(null);
        String hub = sorted.get(0);
        boolean hubOverlay = profile.overlay() == Profile.Overlay.HUB;
        this.isHub = hubOverlay && hub.equals(env.nodeId());
        this.hubLink = hubOverlay ? links.link(hub) : null;
        if (!links.links().isEmpty()) {
            env.every(COMPACT_EVERY_NANOS, new Compaction());
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
        return new SetReplica(env, handlers, profile);
    }

    /** What the log says at init: the profile's name, and whether this node is the hub. */
    public String describe() {
        return isHub ? profile.name().concat(", hub") : profile.name();
    }

    /** True on the node that batches and fans out in the hub overlays. */
    public boolean isHub() {
        return isHub;
    }

    /** Adds a value from this node's own client; true if it was new here. */
    public boolean add(JsonNode value) {
        if (!values.add(value)) {
            return false;
        }
        ValueSet single = new ValueSet();
        single.add(value);
        valuesDigest += single.hash();
        originated.add(value);
        onOwnValue();
        return true;
    }

    /** Every value this node holds, as a body field streamed when the reply is written. */
    public JsonNode valuesAsJsonArray() {
        return values.copy().asJsonArray();
    }

    // ---- what goes where, by overlay ----

    /** What {@code link}'s peer should receive from this node. */
    private ValueSet wantedBy(PeerLink<ValueSet> link) {
        if (profile.overlay() == Profile.Overlay.MESH) {
            return originated;
        }
        if (isHub || link == hubLink) {
            return values;
        }
        return hubSuspected ? originated : null;
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
        if (profile.overlay() == Profile.Overlay.MESH) {
            flushToAll();
        } else if (isHub) {
            requestHubFlush(profile.hubOwnWindowMs());
        } else {
            requestEdgeFlush();
            if (hubSuspected) {
                flushToAll();
            }
        }
    }

    /** Values new to this node arrived from {@code from}. */
    private void onRelayedValues(PeerLink<ValueSet> from) {
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
            flushToAll();
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

    // ---- what the links report ----

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
        ValueSet fresh = received.minus(values);
        if (!fresh.isEmpty()) {
            values.merge(fresh);
            valuesDigest += fresh.hash();
            onRelayedValues(from);
        }
    }

    @Override
    public void onHeard(PeerLink<ValueSet> peer) {
        if (peer == hubLink && hubSuspected && !peer.silentFor(profile.failoverMs() * MS, env.nowNanos())) {
            hubSuspected = false;
        }
    }

    @Override
    public void onTick(long nowNanos) {
        if (hubLink != null && !isHub) {
            boolean suspect = hubLink.silentFor(profile.failoverMs() * MS, nowNanos);
            if (suspect && !hubSuspected) {
                env.log().info("hub-unresponsive", "hub " + hubLink.peer() + " unresponsive; sending own values to every peer");
                hubSuspected = true;
                flushToAll();
            }
        }
    }

    /** Re-encodes the bitmaps as runs (a timer task: an object, not a lambda, as it is made at init). */
    private final class Compaction implements Runnable {
        @Override
        public void run() {
            values.compact();
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
    }
}
