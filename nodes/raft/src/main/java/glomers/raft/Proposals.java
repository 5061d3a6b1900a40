package glomers.raft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Env;
import glomers.core.ErrorCode;
import glomers.core.Request;
import glomers.core.RpcError;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Client requests on their way into the log, for any host of {@link Raft}: each one is proposed
 * at once on the leader, or forwarded to it from any other node (on the follower's acks, see
 * {@link Raft.Listener#addForwards}), and answered by the node the client asked once that node
 * sees it committed. Forwards are resent until the command shows up in the local log or the
 * request's deadline passes; the leader appends a request only when its log does not already
 * hold it, so a resent, duplicated or re-forwarded request is appended once.
 *
 * <p>Every request is answered within the reply window: with the host's answer once committed,
 * or with {@link Host#expired}'s error, which must be indefinite once the command may have been
 * appended anywhere.
 *
 * @param <C> the host's command type
 */
public final class Proposals<C> {

    /** What only the host knows about its commands. */
    public interface Host<C> {
        /** Null when the log may take {@code command}; otherwise the definite error refusing it (a bound). */
        RpcError refusal(C command);

        /** Answers a request again whose command committed at {@code index} already (a duplicate). */
        void answerAgain(Request request, int index);

        /**
         * The error for a request not committed by its deadline ({@code mayBeAppended} once
         * proposed or forwarded); null for the usual: the definite 11 when it was never appended
         * anywhere, else the indefinite 0.
         */
        default RpcError expired(C command, boolean mayBeAppended) {
            return null;
        }
    }

    /**
     * A host's {@link Raft.Listener} whose routing callbacks all go to its proposals: the host
     * writes {@code onCommitted} (applying, and answering what {@link #committed} hands it) and
     * {@code onTick}, which must call {@link #onTick}.
     */
    public interface Listener<C> extends Raft.Listener<C> {
        Proposals<C> proposals();

        @Override
        default void onLeaderChanged(String leader) {
            proposals().onLeaderChanged();
        }

        @Override
        default void onTruncated(List<Entry<C>> removed) {
            proposals().onTruncated(removed);
        }

        @Override
        default void onForwarded(String from, JsonNode ack) {
            proposals().onForwarded(ack.get("forwards"));
        }

        @Override
        default void addForwards(ObjectNode toLeader) {
            proposals().addForwards(toLeader);
        }
    }

    public static final int MAX_PENDING_REQUESTS = 10_000;

    private final Env env;
    private final Raft<C> raft;
    private final Codec<C> codec;
    private final RequestIds<C> ids;
    private final long replyNanos;
    private final long reforwardNanos;
    private final Host<C> host;
    /** Client requests not yet answered, by request id, oldest first. */
    private final Map<String, Pending<C>> pending = new LinkedHashMap<>();
    /** Request ids to forward with the next message to the leader. */
    private final ArrayDeque<String> toForward = new ArrayDeque<>();

    private static final class Pending<C> {
        final Request request;
        final C command;
        final String id;
        final long deadlineNanos;
        long forwardedNanos = Long.MIN_VALUE / 2;
        /** Proposed here or forwarded: from then on an error must be indefinite. */
        boolean mayBeAppended;

        Pending(Request request, C command, String id, long deadlineNanos) {
            this.request = request;
            this.command = command;
            this.id = id;
            this.deadlineNanos = deadlineNanos;
        }
    }

    /**
     * @param replyNanos how long after it arrived a request is answered at the latest
     * @param reforwardNanos how long a forward waits to show up in the local log before it is sent again
     */
    public Proposals(Env env, Raft<C> raft, Codec<C> codec, RequestIds<C> ids, long replyNanos, long reforwardNanos,
                     Host<C> host) {
        this.env = env;
        this.raft = raft;
        this.codec = codec;
        this.ids = ids;
        this.replyNanos = replyNanos;
        this.reforwardNanos = reforwardNanos;
        this.host = host;
    }

    /** Takes a client's request for the log; a duplicate of one done is answered again, of one pending ignored. */
    public void submit(Request request, C command) throws RpcError {
        String id = ids.requestIdOf(command);
        int at = ids.indexOf(id);
        if (at > 0 && at <= raft.commitIndex()) {
            host.answerAgain(request, at);
            return;
        }
        if (pending.containsKey(id)) {
            env.log().info("duplicate-request", "duplicate of pending request " + id + " ignored; the first copy gets the answer");
            return;
        }
        RpcError refusal = host.refusal(command);
        if (refusal != null) {
            throw refusal;
        }
        if (pending.size() >= MAX_PENDING_REQUESTS) {
            throw new RpcError(ErrorCode.TEMPORARILY_UNAVAILABLE, pending.size()
                    + " requests pending on this node already; nothing was appended");
        }
        Pending<C> p = new Pending<>(request, command, id, request.receivedNanos() + replyNanos);
        pending.put(id, p);
        route(p);
    }

    /**
     * The request waiting for {@code command}, which just committed, taken out of the pending ones
     * for the host to answer; null when no client of this node waits for it.
     */
    public Request committed(C command) {
        String id = ids.requestIdOf(command);
        Pending<C> p = id == null ? null : pending.remove(id);
        if (p == null) {
            return null;
        }
        env.metrics().distribution("commit-latency-us").record((env.nowNanos() - p.request.receivedNanos()) / 1_000);
        return p.request;
    }

    /** Moves a request on: proposes it as leader, forwards it to a known leader, or leaves it waiting. */
    private void route(Pending<C> p) {
        if (ids.indexOf(p.id) > 0) {
            return;
        }
        if (raft.isLeader()) {
            p.mayBeAppended = true;
            if (env.log().debugEnabled()) {
                env.log().about(p.id).debug("propose", "appending at index " + (raft.log().lastIndex() + 1));
            }
            raft.propose(p.command);
        } else if (raft.leader() != null && env.nowNanos() - p.forwardedNanos >= reforwardNanos) {
            p.mayBeAppended = true;
            p.forwardedNanos = env.nowNanos();
            if (env.log().debugEnabled()) {
                env.log().about(p.id).debug("forward", "to leader " + raft.leader());
            }
            toForward.add(p.id);
            raft.wantToLeader();
        }
    }

    /** For {@link Raft.Listener#onLeaderChanged}: every pending request goes to the new leader. */
    public void onLeaderChanged() {
        for (Pending<C> p : new ArrayList<>(pending.values())) {
            p.forwardedNanos = Long.MIN_VALUE / 2;
            if (pending.get(p.id) == p) {
                route(p);
            }
        }
    }

    /** For {@link Raft.Listener#onTruncated}: a request whose entry a new leader replaced goes again. */
    public void onTruncated(List<Entry<C>> removed) {
        for (Entry<C> entry : removed) {
            String id = ids.requestIdOf(entry.command());
            Pending<C> p = id == null ? null : pending.get(id);
            if (p != null) {
                p.forwardedNanos = Long.MIN_VALUE / 2;
                route(p);
            }
        }
    }

    /**
     * Proposes what a follower forwarded, each {@code [deadline, command...]}, unless the log holds
     * it already, the host refuses it, or its deadline has passed: a request past its deadline has
     * been answered, and its id may have left the log's memory, so appending it could append it
     * twice. The deadline is on this leader's monotonic clock ({@link Raft#clockMillis}), as the
     * follower bounds it from this leader's appends ({@link Raft#onLeadersClockMillis}): no wall
     * clock is compared, so a node's skewed clock neither refuses fresh forwards nor admits stale
     * ones, and a forward held up in the network is judged by when it arrives.
     */
    public void onForwarded(JsonNode forwards) {
        if (!raft.isLeader() || forwards == null || !forwards.isArray() || forwards.isEmpty()) {
            return;
        }
        long nowMillis = raft.clockMillis();
        List<C> fresh = new ArrayList<>(forwards.size());
        Set<String> freshIds = new HashSet<>();
        for (JsonNode forward : forwards) {
            if (!forward.path(0).canConvertToLong()) {
                throw new IllegalArgumentException("a forward is [deadline, command...], got " + forward);
            }
            if (forward.get(0).asLong() < nowMillis) {
                continue;
            }
            C command = codec.fromJson(forward, 1);
            String id = ids.requestIdOf(command);
            if (host.refusal(command) != null) {
                continue; // the follower answers when the forward expires unappended
            }
            if (id != null && ids.indexOf(id) == 0 && freshIds.add(id)) {
                if (env.log().debugEnabled()) {
                    env.log().about(id).debug("propose", "forwarded; appending");
                }
                fresh.add(command);
            }
        }
        if (!fresh.isEmpty()) {
            raft.proposeAll(fresh);
        }
    }

    /** For {@link Raft.Listener#addForwards}: the requests waiting for the leader, as {@code forwards}. */
    public void addForwards(ObjectNode toLeader) {
        if (!toForward.isEmpty() && raft.onLeadersClockMillis(env.nowNanos()) == Long.MIN_VALUE) {
            // No append of this leader heard yet (it was learned from a snapshot): its clock is
            // unknown, so the forwards wait for this node's ack to its next append.
            return;
        }
        ArrayNode forwards = null;
        int count = 0;
        while (!toForward.isEmpty() && count < Raft.MAX_ENTRIES_PER_APPEND) {
            String id = toForward.poll();
            Pending<C> p = pending.get(id);
            if (p == null || ids.indexOf(id) > 0) {
                continue;
            }
            if (forwards == null) {
                forwards = toLeader.putArray("forwards");
            }
            ArrayNode forward = forwards.addArray().add(raft.onLeadersClockMillis(p.deadlineNanos));
            forward.addAll(codec.toJson(p.command));
            count++;
        }
        if (!toForward.isEmpty()) {
            raft.wantToLeader();
        }
    }

    private RpcError expired(boolean mayBeAppended) {
        long ms = replyNanos / 1_000_000;
        if (!mayBeAppended) {
            return new RpcError(ErrorCode.TEMPORARILY_UNAVAILABLE, "no leader known for " + ms + " ms; nothing was appended");
        }
        return new RpcError(ErrorCode.TIMEOUT, "not committed within " + ms + " ms (leader " + raft.leader()
                + ", term " + raft.term() + "); it may still be");
    }

    /** For {@link Raft.Listener#onTick}: answers the requests past their deadline and moves the others on. */
    public void onTick() {
        if (pending.isEmpty()) {
            return;
        }
        long now = env.nowNanos();
        // A copy: routing may commit at once (a lone node), which removes from pending.
        for (Pending<C> p : new ArrayList<>(pending.values())) {
            if (pending.get(p.id) != p) {
                continue;
            }
            if (now >= p.deadlineNanos) {
                pending.remove(p.id);
                RpcError error = host.expired(p.command, p.mayBeAppended);
                p.request.reply((error != null ? error : expired(p.mayBeAppended)).toBody());
            } else {
                route(p);
            }
        }
    }
}
