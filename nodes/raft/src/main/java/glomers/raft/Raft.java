package glomers.raft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Bodies;
import glomers.core.Env;
import glomers.core.Handlers;
import glomers.core.Metrics;
import glomers.core.Request;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Raft (Ongaro and Ousterhout, 2014) over one log of the host's commands: terms, elections with randomised timeouts,
 * votes only for a log at least as up to date, and a commit index that moves only on a majority
 * of matching logs for an entry of the leader's own term. Each follower is counted once: the
 * leader keeps its highest acknowledged index, so a duplicated or replayed ack changes nothing.
 *
 * <p>Three additions keep a partitioned cluster calm. Pre-vote: a node first asks whether it
 * could win, so one cut off never inflates its term and unseats a healthy leader when it returns.
 * Leader stickiness: a node that heard its leader within the election timeout refuses votes.
 * Check quorum: a leader that has not heard a majority within the election timeout steps down,
 * so a leader on the minority side stops taking writes it could never commit.
 *
 * <p>The leader's appends to each follower go through a {@link Pacer}: entries and the commit
 * index share one message per batch gap. A follower acks each append at once, carrying the
 * requests it forwards; forwards with no ack to ride on are paced too. The leader pipelines (it
 * sends what follows what it last sent, without waiting for the ack) and goes back to the
 * follower's acknowledged index when the follower rejects an append or stops acknowledging for a
 * retransmission timeout. In a cluster of two or three the leader and one follower are a
 * majority, so a follower commits what it holds of the leader's term without waiting to be told.
 *
 * <p>The host hands it its peers' messages (it registers {@code append}, {@code append_ok},
 * {@code vote} and {@code vote_ok} on the node's handlers) and the clock (a 10 ms tick through
 * the Env); Raft sends, persists through the {@link WriteAheadLog} before it sends what depends
 * on it, and tells the host through the {@link Listener} what committed and who leads.
 *
 * @param <C> the host's command type, opaque here but for its {@link Codec}
 */
public final class Raft<C> {

    /** What the node above the log hears of it. */
    public interface Listener<C> {
        /** Each index once, in order, when it commits; the leader's no-ops too. */
        void onCommitted(int index, Entry<C> entry);

        /** The leader this node now follows: itself, another node, or null when none is known. */
        void onLeaderChanged(String leader);

        /** Uncommitted entries a new leader's log replaced, oldest first. */
        void onTruncated(List<Entry<C>> removed);

        /**
         * A follower's answer to this node, the leader, in this term, with whatever that
         * follower's host put on it in {@link #addForwards} (kafka's and lin-kv's forwarded
         * requests, lin-kv's read-index requests).
         */
        void onForwarded(String from, JsonNode ack);

        /** Adds what this follower has for the leader (forwards) to a message for it, if there is any. */
        void addForwards(ObjectNode toLeader);

        /** Every tick (10 ms): the node's own deadlines. */
        void onTick();
    }

    /** A linearizable read's wait for its read index (ReadIndex, Raft thesis section 6.4). */
    public interface ReadIndexCallback {
        /**
         * The read may be served once the state has applied {@code index}: it then sees every
         * write that completed anywhere before the read was asked for.
         */
        void confirmed(int index);
    }

    /**
     * A host that can snapshot its state lets the log forget what it applied
     * ({@link #snapshotEvery}); nodes/kafka cannot (its state is the log itself).
     */
    public interface Snapshots {
        /** The state after every entry applied so far. */
        JsonNode snapshot();

        /** Replaces the state with a leader's snapshot, taken after applying entry {@code index}. */
        void restore(int index, JsonNode snapshot);
    }

    private enum Role { FOLLOWER, PRE_CANDIDATE, CANDIDATE, LEADER }

    /** The leader's view of one follower. */
    private static final class Follower {
        int next;
        int match;
        /** When this follower last answered in this term: check quorum. */
        long lastAnswerNanos;
        /** When {@link #match} last moved, or the unacknowledged window was last resent. */
        long progressNanos;
        /** One round-trip sample at a time: the last index of an append and when it went. */
        int sampleIndex;
        long sampleSentNanos;
        long smoothedRttNanos;
        /**
         * Smoothed as {@link #smoothedRttNanos}, but from the votes' own round trip rather than at
         * least a heartbeat: the network's, for the ring's gate.
         */
        long networkRttNanos;
        /** The newest read index this follower (this incarnation of it) asked for, confirmed: to send back on the next append. */
        long readReplyIncarnation;
        long readReplySeq;
        int readReplyIndex;
        boolean readReplyPending;
    }

    public static final int MAX_ENTRIES_PER_APPEND = 1000;
    private static final long TICK_NANOS = 10_000_000L;

    private final Env env;
    private final RaftSettings settings;
    private final Codec<C> codec;
    private final RaftLog<C> log;
    private final WriteAheadLog<C> wal;
    /** A deliberate bug for the checkers' tests (the hosts' Flaws): the leader commits without a quorum. */
    private final boolean flawCommitAlone;
    /** The leader's group commit when no append is going out to carry it: a lone node's. */
    private final Pacer selfSync;
    /** The last index on disk (all of them without a write-ahead log): what this node may count or ack. */
    private int durableIndex;
    private final Listener<C> listener;
    private final String self;
    private final List<String> peers = new ArrayList<>();
    private final int majority;
    /** The leader's appends, one pacer per follower. */
    private final Map<String, Pacer> pacers = new LinkedHashMap<>();
    /** The leader's rounds around the ring, while it sends them ({@link Ring}): one pacer for all followers. */
    private final Pacer roundPacer;
    private Ring ring;
    /** The ring message this node is building: while it handles one or holds it, or sends a round as leader. */
    private Ring.Batch batch;
    private glomers.core.Timer holdTimer;
    /** The leader whose append, carried around the ring, this node acks when it passes the message on. */
    private String ackOnRelease;
    /**
     * As leader, while it handles one item of a round come back: how many other followers
     * answered in this term after that item was sent (see {@link #onReadAsk}).
     */
    private int ringAnswersAfter;
    /**
     * A follower's forwards with no ack to ride on, per peer that may lead. Their gap is two
     * batch gaps from the last ack: under load the next append, and its ack, comes sooner.
     */
    private final Map<String, Pacer> forwardPacers = new LinkedHashMap<>();
    private final Map<String, Follower> followers = new LinkedHashMap<>();

    private long term;
    private String votedFor;
    private Role role = Role.FOLLOWER;
    private String leader;
    private int commitIndex;
    /** Whether this incarnation has applied an entry of its leader's own term (see caughtUp). */
    private boolean caughtUp;
    private boolean evictedBefore;
    private int appliedIndex;
    private long electionDeadlineNanos;
    private long leaderContactNanos = Long.MIN_VALUE / 2;
    private final Set<String> votes = new HashSet<>();
    private long voteRequestNanos;
    private long voteRetryNanos;
    private long electionStartNanos;
    private static final int MAX_ELECTION_BACKOFF = 16;
    private int electionBackoff = 1;
    /** Entries the leader held beyond what an acknowledging follower had: its replication lag. */
    private final Metrics.Distribution replicationLag;

    /** The host's snapshots, and how many applied entries the log keeps past the last one; null for none. */
    private Snapshots snapshots;
    private int snapshotEvery;
    /** The newest snapshot, taken at {@code log.base()}: what a follower behind the log's start is sent. */
    private JsonNode snapshot;
    /** A snapshot taken, waiting for the request-id window to pass before the log forgets what it covers. */
    private JsonNode pendingSnapshot;
    /** The snapshot a restart found on disk, until the host takes it in {@link #snapshotEvery}. */
    private WriteAheadLog.Snapshot recoveredSnapshot;
    private int pendingIndex;
    private long pendingTerm;
    private long pendingTakenNanos;

    /** As leader: reads waiting for a majority to confirm this node still leads. */
    private final ReadRounds readRounds = new ReadRounds();
    /** As a follower: reads waiting for the leader's read index. */
    private final ReadAsks readAsks;
    /** As a follower: the newest read round heard from the leader in this term, echoed in acks. */
    private long readSeqHeard;
    /** As a follower: a bound on the leader's clock, for the deadlines of forwarded requests. */
    private final LeaderClock leaderClock = new LeaderClock();

    /** As a follower: the highest index known to match the leader's log in this term. */
    private int verifiedIndex;
    /** As a follower: the index to tell the leader to go back to after a rejected append; -1 for none. */
    private int rejectHint = -1;
    private long ackSentNanos = Long.MIN_VALUE / 2;
    /** When the last tick ran: a much longer gap than the tick's period is a stall. */
    private long lastTickNanos;

    /**
     * Builds the log from what {@code wal} recovered; {@link #start} starts the clocks.
     *
     * @param observer hears every change to the log, from the recovered entries on
     * @param flawCommitAlone a deliberate bug, for tests that prove a checker finds it; false in every binary
     */
    public Raft(Env env, RaftSettings settings, Codec<C> codec, WriteAheadLog<C> wal, WriteAheadLog.Recovered<C> recovered,
                RaftLog.Observer<C> observer, Listener<C> listener, boolean flawCommitAlone) {
        this.flawCommitAlone = flawCommitAlone;
        this.env = env;
        this.settings = settings;
        this.codec = codec;
        this.log = new RaftLog<>(wal.durable() ? wal::read : null, observer);
        this.wal = wal;
        this.listener = listener;
        this.replicationLag = env.metrics().distribution("replication-lag-entries");
        this.readAsks = new ReadAsks(env);
        this.term = recovered.term();
        this.votedFor = recovered.votedFor();
        this.recoveredSnapshot = recovered.snapshot();
        if (recoveredSnapshot != null) {
            // Everything through the snapshot was applied (so committed) before the restart.
            log.compactThrough(recoveredSnapshot.index(), recoveredSnapshot.term());
            snapshot = recoveredSnapshot.data();
            commitIndex = recoveredSnapshot.index();
            appliedIndex = recoveredSnapshot.index();
        }
        for (int i = 0; i < recovered.entries().size(); i++) {
            log.placed(log.append(recovered.entries().get(i)), recovered.positions().get(i));
        }
        log.markTime(env.nowNanos());
        this.durableIndex = log.lastIndex();
        this.selfSync = new Pacer(env, settings.batchNanos(), new SyncOwnLog());
        this.self = env.nodeId();
        for (String id : env.nodeIds()) {
            if (!id.equals(self)) {
                peers.add(id);
                pacers.put(id, new Pacer(env, settings.batchNanos(), new SendTo(id, true)));
                forwardPacers.put(id, new Pacer(env, 2 * settings.batchNanos(), new SendTo(id, false)));
            }
        }
        this.majority = env.nodeIds().size() / 2 + 1;
        this.roundPacer = new Pacer(env, settings.batchNanos(), new SendRound());
        this.ring = new Ring(false, settings.batchNanos(), env.nodeIds().size());
    }

    /**
     * Sends the leader's rounds around the ring ({@link Ring}) rather than to each follower and
     * back, while the ring holds; with fewer than three nodes there is no ring. Call it before
     * {@link #start}.
     */
    public void ringRounds() {
        this.ring = new Ring(peers.size() >= 2, settings.batchNanos(), env.nodeIds().size());
    }

    /** What carries the leader's next append to {@code peer}: the next round when rounds go around the ring. */
    private Pacer appendPacer(String peer) {
        return ringRoundsNow() ? roundPacer : pacers.get(peer);
    }

    /**
     * Whether this leader's next round goes around the ring: while it holds, and while the
     * network is fast enough for it, a round's n hops (each half the round trip to the nearest
     * follower, the votes' and direct appends') taking at most a batch gap. On a slower
     * network the hops would cost more time than the messages they save, and a round could not
     * come back before the leader took it for lost. (A network that slows down later is the
     * ring's own to notice: its rounds come back slow.)
     */
    private boolean ringRoundsNow() {
        if (!ring.inUse(env.nowNanos())) {
            return false;
        }
        long nearest = Long.MAX_VALUE;
        for (Follower f : followers.values()) {
            nearest = Math.min(nearest, f.networkRttNanos);
        }
        return nearest / 2 * (peers.size() + 1) <= settings.batchNanos();
    }

    private void wantAppends() {
        for (String peer : peers) {
            appendPacer(peer).want();
        }
    }

    /**
     * Every {@code entries} applied entries, the host's state is snapshotted and the log forgets
     * them, in memory and on the write-ahead log's disk, so both stay bounded however long the
     * run; a follower that needs what was forgotten is sent the snapshot ({@code snapshot}
     * message). A node restarted from a disk that holds a snapshot hands it to {@code host} here,
     * before any entry after it is applied. Call it before {@link #start}.
     */
    public void snapshotEvery(int entries, Snapshots host) {
        if (entries < 1) {
            throw new IllegalArgumentException("a snapshot every " + entries + " entries");
        }
        this.snapshotEvery = entries;
        this.snapshots = host;
        if (recoveredSnapshot != null) {
            host.restore(recoveredSnapshot.index(), recoveredSnapshot.data());
            recoveredSnapshot = null;
        }
    }

    /** The peer messages' handlers. */
    public void register(Handlers handlers) {
        Route route = new Route();
        for (String type : List.of("append", "append_ok", "vote", "vote_ok", "snapshot", Ring.TYPE)) {
            handlers.on(type, route);
        }
    }

    /**
     * Starts the clocks. The first node in {@code node_ids} stands for election at once, so a
     * fresh cluster has a leader within a round trip instead of an election timeout; any other
     * node waits a full timeout first. A lone node leads at once.
     */
    public void start() {
        lastTickNanos = env.nowNanos();
        if (recoveredSnapshot != null) {
            throw new IllegalStateException("the disk holds a snapshot through index " + recoveredSnapshot.index()
                    + " but the host gave none to restore it into (snapshotEvery)");
        }
        env.every(TICK_NANOS, new Tick());
        if (env.nodeIds().get(0).equals(self) || peers.isEmpty()) {
            startPreVote();
        } else {
            resetElectionDeadline();
        }
    }

    /**
     * A deliberate bug, for tests that prove they catch it (as the hosts' Flaws); never called by
     * a binary: every ack of the leader's term confirms every waiting read round, even an ack sent
     * before the round began, so a deposed leader fed delayed acks serves stale reads.
     */
    public void plantStaleReadAcks() {
        readRounds.plantStaleAcks();
    }

    /**
     * As a follower: this node's monotonic {@code localNanos} on its leader's clock, in
     * milliseconds, never later than the truth ({@link LeaderClock}): a deadline the leader can
     * check with {@link #clockMillis}; {@code Long.MIN_VALUE} until an append of this leader in this
     * term has arrived.
     */
    public long onLeadersClockMillis(long localNanos) {
        return leaderClock.leaderMillis(term, leader, localNanos);
    }

    /** This node's monotonic clock as its appends carry it, in milliseconds. */
    public long clockMillis() {
        return LeaderClock.stampMillis(env.nowNanos());
    }

    public boolean isLeader() {
        return role == Role.LEADER;
    }

    /** The leader this node follows, itself when it leads; null when none is known. */
    public String leader() {
        return leader;
    }

    public long term() {
        return term;
    }

    public int commitIndex() {
        return commitIndex;
    }

    /** The log, for the host to read; only Raft changes it. */
    public RaftLog<C> log() {
        return log;
    }

    /**
     * Whether this incarnation has applied a committed entry of its leader's own term, and with it
     * everything committed before that term began (Raft's leader completeness). Until then a
     * (re)started node's state may lag what was acknowledged before, even by this node.
     */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Appends a command as leader and starts replicating it; the caller checks {@link #isLeader}. */
    public void propose(C command) {
        proposeAll(List.of(command));
    }

    /** Appends commands as leader, then asks for one message per follower for all of them. */
    public void proposeAll(List<C> commands) {
        for (C command : commands) {
            appendToLog(new Entry<>(term, command));
        }
        wantAppends();
        if (wal.durable()) {
            selfSync.want();
        } else {
            syncLog();
            advanceCommitIndex();
        }
    }

    private void appendToLog(Entry<C> entry) {
        int index = log.append(entry);
        log.placed(index, wal.appended(index, log.entry(index)));
    }

    /** Group commit: one fsync for everything appended since the last; true when the durable index moved. */
    private boolean syncLog() {
        if (durableIndex < log.lastIndex()) {
            wal.sync();
            durableIndex = log.lastIndex();
            return true;
        }
        return false;
    }

    /** Term and vote reach the disk before any message of the new term or vote leaves. */
    private void setTermAndVote(long newTerm, String newVote) {
        if (newTerm != term || !java.util.Objects.equals(newVote, votedFor)) {
            wal.saveTermAndVote(newTerm, newVote);
            term = newTerm;
            votedFor = newVote;
        }
    }

    /**
     * Every message leaves here, and here is Raft's persist-before-send rule: term and vote are
     * saved as they change ({@link #setTermAndVote}), before anything of the new term is built, so
     * what is left to check is the log: a message may carry or acknowledge only entries on disk
     * ({@code through}, 0 for none). The callers sync first; one that did not is a bug, and its
     * message is not sent.
     */
    private void send(String peer, ObjectNode body, int through) {
        if (through > durableIndex) {
            throw new IllegalStateException("persist-before-send: a " + body.path("type").asText() + " to " + peer
                    + " would carry entries through " + through + ", but only " + durableIndex + " are on disk");
        }
        if (batch != null && batch.reaches(peer)) {
            batch.add(self, peer, body);
        } else {
            env.send(peer, body);
        }
    }

    /**
     * The leader's round around the ring: an append for every follower in one message, to the
     * follower after this node in {@code node_ids} (wrapping round), which passes on the rest with
     * its ack, and so on back to the leader.
     */
    private void sendRound() {
        long now = env.nowNanos();
        List<String> order = env.nodeIds();
        int at = order.indexOf(self);
        List<String> hops = new ArrayList<>(order.size());
        for (int i = 1; i <= order.size(); i++) {
            hops.add(order.get((at + i) % order.size()));
        }
        if (batch != null) {
            flushBatch();
        }
        batch = new Ring.Batch(hops, ring.sent(now));
        try {
            for (Map.Entry<String, Follower> e : followers.entrySet()) {
                sendAppend(e.getKey(), e.getValue());
                pacers.get(e.getKey()).sentNow();
            }
        } finally {
            flushBatch();
        }
        env.metrics().counter("ring-rounds").increment();
    }

    /**
     * Sends the ring message built so far to its next hop, if it carries anything, with this
     * node's ack built now: what it learned while it held the message goes too.
     */
    private void flushBatch() {
        if (holdTimer != null) {
            holdTimer.cancel();
            holdTimer = null;
        }
        if (ackOnRelease != null) {
            String to = ackOnRelease;
            ackOnRelease = null;
            sendAck(to);
        }
        Ring.Batch built = batch;
        batch = null;
        ObjectNode next = built.next();
        if (next != null) {
            env.send(built.ahead.get(0), next);
        }
    }

    /**
     * A ring message: the items for this node are handled as if they came straight from their
     * sources, and whatever this node sends to a node still ahead rides on, with the rest, in
     * one message to the next hop. The last hop is the leader that sent the round: it came back.
     */
    private void onRing(String hop, JsonNode body) {
        List<String> ahead = Ring.path(body);
        JsonNode items = body.get("items");
        long seq = body.path("seq").asLong(-1);
        if (items == null || !items.isArray() || seq < 0) {
            throw new IllegalArgumentException("a ring message needs items and a seq, got " + body);
        }
        if (batch != null) {
            // One still held goes on first, as it would have.
            flushBatch();
        }
        if (ahead.isEmpty() && role == Role.LEADER && !ring.returned(seq, env.nowNanos())) {
            env.log().info("ring-slow", "rounds around the ring take longer than a batch gap; appending directly");
        }
        batch = new Ring.Batch(ahead, seq);
        try {
            // What passes through goes first: everything after an item in a ring message was
            // then sent after it (what this node sends now, what later hops add), which is what
            // lets the leader take the acks after a read ask as answers sent after it.
            List<Ring.Item> passing = new ArrayList<>();
            List<Ring.Item> mine = new ArrayList<>();
            for (JsonNode json : items) {
                Ring.Item item;
                try {
                    item = Ring.Item.parse(json);
                } catch (IllegalArgumentException e) {
                    env.log().warn("malformed-peer-message", "dropped a ring item from " + hop + ": " + e.getMessage());
                    continue;
                }
                if (item.dest().equals(self)) {
                    mine.add(item);
                } else if (batch.reaches(item.dest())) {
                    batch.items.add(json);
                    passing.add(item);
                }
            }
            int[] answersAfter = role == Role.LEADER && ahead.isEmpty() ? answersAfter(mine) : null;
            for (int i = 0; i < mine.size(); i++) {
                Ring.Item item = mine.get(i);
                if (!pacers.containsKey(item.src())) {
                    env.log().warn("not-a-peer", "dropped a ring item from " + item.src() + ", which is not a peer");
                    continue;
                }
                ringAnswersAfter = answersAfter == null ? 0 : answersAfter[i];
                try {
                    dispatch(item.src(), item.body().path("type").asText(), item.body());
                } finally {
                    ringAnswersAfter = 0;
                }
            }
            commitFromPassingAcks(passing);
        } finally {
            if (role != Role.LEADER && !ahead.isEmpty()) {
                holdTimer = env.after(ring.holdNanos(), new Release());
            } else {
                flushBatch();
            }
        }
    }

    /**
     * For each item of a round come back to this leader, how many other followers answered it in
     * this term in items after it, so after that item was sent.
     */
    private int[] answersAfter(List<Ring.Item> items) {
        int[] after = new int[items.size()];
        Set<String> answered = new HashSet<>();
        for (int i = items.size() - 1; i >= 0; i--) {
            Ring.Item item = items.get(i);
            after[i] = answered.size() - (answered.contains(item.src()) ? 1 : 0);
            JsonNode body = item.body();
            if (body.path("type").asText().equals("append_ok") && body.path("term").asLong(-1) == term
                    && pacers.containsKey(item.src())) {
                answered.add(item.src());
            }
        }
        return after;
    }

    /**
     * ReadIndex, on any node: {@code callback} hears the index a linearizable read must wait for.
     * On the leader, once a majority has answered an append that left after this call (a round
     * many reads share, riding on the appends that go out anyway); on a follower, once the leader
     * has done so for it (asked on this node's next ack, answered on the leader's next append).
     * No read is appended to the log. A read outlives changes of leader: it is asked again of the
     * next one, so the callback may come late, or (past {@link ReadAsks#MAX_ASKS} waiting) never;
     * the host keeps its own deadline.
     *
     * <p>The index is the leader's last index when the read joined its round, not its commit
     * index: with two or three nodes a follower commits on receipt and may answer a write's
     * client before the leader knows the write committed, but never before the leader appended
     * it. Every entry committed anywhere before the read began is at or below that index, and an
     * entry above it commits only after the read began, so the state at that index or any later
     * one the reading node has applied was current at some moment while the read was in flight.
     */
    public void readIndex(ReadIndexCallback callback) {
        if (role != Role.LEADER) {
            readAsks.add(callback);
            wantToLeader();
            return;
        }
        if (peers.isEmpty()) {
            callback.confirmed(log.lastIndex());
            return;
        }
        if (readRounds.add(log.lastIndex(), callback)) {
            wantAppends();
        }
    }

    /**
     * A follower asked for a read index: a round confirms it, and the next append to it carries it
     * back. With two or three nodes no round is needed: the ask rode on an ack this follower sent
     * after its reads arrived, in this term, so it had voted for no newer leader then, and neither
     * had this node, which still leads: a newer leader needs one of the two, so none committed
     * anything before those reads began. Around the ring the same holds with more nodes when the
     * followers that answered after the ask in the same round make, with the asker and this
     * node, a majority: their answers were sent after the ask, so after those reads began.
     */
    private void onReadAsk(String follower, long incarnation, long seq) {
        ReadIndexCallback reply = index -> {
            Follower f = followers.get(follower);
            // A repeated ask (the answer was lost) is answered again; a restarted follower numbers afresh.
            if (role == Role.LEADER && f != null && (incarnation != f.readReplyIncarnation || seq >= f.readReplySeq)) {
                f.readReplyIncarnation = incarnation;
                f.readReplySeq = seq;
                f.readReplyIndex = index;
                f.readReplyPending = true;
                appendPacer(follower).want();
            }
        };
        if (2 + ringAnswersAfter >= majority) {
            reply.confirmed(log.lastIndex());
        } else {
            readIndex(reply);
        }
    }

    /** Asks for a message to the leader soon: forwards are waiting. */
    public void wantToLeader() {
        Pacer pacer = leader == null ? null : forwardPacers.get(leader);
        if (pacer != null) {
            pacer.want();
        }
    }

    // ----- elections -----

    /**
     * [base, 2·base) times the backoff: each election that ends without a leader doubles the
     * backoff (up to 16), so where a round trip is longer than the base timeout (a slow network)
     * elections stop cutting each other short; hearing a leader resets it.
     */
    private long randomElectionTimeout() {
        long base = settings.electionNanos() * electionBackoff;
        return base + (long) (env.random().nextDouble() * base);
    }

    private void resetElectionDeadline() {
        electionDeadlineNanos = env.nowNanos() + randomElectionTimeout();
    }

    private void setLeader(String newLeader) {
        if (newLeader == null ? leader != null : !newLeader.equals(leader)) {
            leader = newLeader;
            listener.onLeaderChanged(newLeader);
        }
    }

    private void startPreVote() {
        if (role == Role.PRE_CANDIDATE || role == Role.CANDIDATE) {
            electionBackoff = Math.min(MAX_ELECTION_BACKOFF, 2 * electionBackoff);
        }
        role = Role.PRE_CANDIDATE;
        setLeader(null);
        votes.clear();
        votes.add(self);
        resetElectionDeadline();
        voteRetryNanos = 0;
        if (votes.size() >= majority) {
            startElection();
            return;
        }
        requestVotes(term + 1, true);
    }

    private void startElection() {
        setTermAndVote(term + 1, self);
        role = Role.CANDIDATE;
        votes.clear();
        votes.add(self);
        resetElectionDeadline();
        voteRetryNanos = 0;
        electionStartNanos = env.nowNanos();
        if (votes.size() >= majority) {
            becomeLeader();
            return;
        }
        requestVotes(term, false);
    }

    /**
     * Asks every peer that has not granted yet; asked again while the election lasts, after a
     * heartbeat, then twice that, up to four heartbeats apart (a peer not up yet, a lost request,
     * a slow network). The cap is for a long cut: elections that end without a leader stretch
     * the next one's timeout up to sixteen times, and without it a cluster healed after a cut of
     * twenty seconds waited seconds more for the next request (a 2-node txn-strict run cut for
     * 18.4 s of its 20 did not commit again until 2.6 s after the heal).
     */
    private void requestVotes(long forTerm, boolean pre) {
        voteRetryNanos = voteRetryNanos == 0 ? settings.heartbeatNanos()
                : Math.min(2 * voteRetryNanos, 4 * settings.heartbeatNanos());
        voteRequestNanos = env.nowNanos();
        for (String peer : peers) {
            if (votes.contains(peer)) {
                continue;
            }
            ObjectNode body = Bodies.of("vote");
            body.put("term", forTerm);
            body.put("pre", pre);
            body.put("last_index", log.lastIndex());
            body.put("last_term", log.lastTerm());
            send(peer, body, 0);
        }
    }

    private void becomeLeader() {
        if (batch != null) {
            // A ring message this node held as a follower goes on, without its ack to the old leader.
            ackOnRelease = null;
            flushBatch();
        }
        role = Role.LEADER;
        electionBackoff = 1;
        long now = env.nowNanos();
        // The votes' round trip is the first measure of the network's: it sizes the
        // retransmission timeout and the check-quorum window until appends are measured.
        long voteRoundTrip = Math.max(settings.heartbeatNanos(), now - electionStartNanos);
        followers.clear();
        readRounds.startTerm();
        ring.startTerm();
        for (String peer : peers) {
            Follower f = new Follower();
            f.next = log.lastIndex() + 1;
            f.lastAnswerNanos = now;
            f.progressNanos = now;
            f.smoothedRttNanos = voteRoundTrip;
            f.networkRttNanos = now - electionStartNanos;
            followers.put(peer, f);
        }
        // concat, not +: a lone node leads during init, and a first + costs an invokedynamic bootstrap.
        env.log().info("leader", "leader for term ".concat(Long.toString(term)).concat(" at index ")
                .concat(Integer.toString(log.lastIndex())));
        setLeader(self);
        propose(codec.noop());
        for (ReadIndexCallback waiting : readAsks.drain()) {
            readIndex(waiting);
        }
    }

    /** Follows {@code newLeader} (null when unknown) in {@code newTerm}. */
    private void becomeFollower(long newTerm, String newLeader) {
        List<ReadIndexCallback> unconfirmed = role == Role.LEADER ? readRounds.drain() : List.of();
        if (newTerm > term) {
            readSeqHeard = 0;
            setTermAndVote(newTerm, null);
            verifiedIndex = 0;
            rejectHint = -1;
        }
        if (role != Role.FOLLOWER || (newLeader != null && !newLeader.equals(leader))) {
            verifiedIndex = 0;
            rejectHint = -1;
            readSeqHeard = 0;
        }
        role = Role.FOLLOWER;
        followers.clear();
        String before = leader;
        setLeader(newLeader);
        for (ReadIndexCallback waiting : unconfirmed) {
            readAsks.add(waiting);
        }
        if (newLeader != null && !newLeader.equals(before) && readAsks.askAgain()) {
            wantToLeader();
        }
    }

    private void onVote(String src, JsonNode body) {
        long forTerm = body.path("term").asLong(-1);
        boolean pre = body.path("pre").asBoolean(false);
        int lastIndex = body.path("last_index").asInt(-1);
        long lastTerm = body.path("last_term").asLong(-1);
        if (forTerm < 0 || lastIndex < 0 || lastTerm < 0) {
            throw new IllegalArgumentException("a vote needs term, last_index and last_term, got " + body);
        }
        boolean leaderAlive = role == Role.LEADER
                || (leader != null && env.nowNanos() - leaderContactNanos < settings.electionNanos());
        boolean granted;
        if (leaderAlive || forTerm < term) {
            granted = false;
        } else if (pre) {
            granted = forTerm > term && log.isAtMostAsNewAs(lastIndex, lastTerm);
        } else {
            if (forTerm > term) {
                becomeFollower(forTerm, null);
            }
            granted = (votedFor == null || votedFor.equals(src)) && log.isAtMostAsNewAs(lastIndex, lastTerm);
            if (granted) {
                setTermAndVote(term, src);
                resetElectionDeadline();
            }
        }
        ObjectNode reply = Bodies.of("vote_ok");
        reply.put("term", granted ? forTerm : term);
        reply.put("pre", pre);
        reply.put("granted", granted);
        send(src, reply, 0);
    }

    private void onVoteOk(String src, JsonNode body) {
        long replyTerm = body.path("term").asLong(-1);
        boolean pre = body.path("pre").asBoolean(false);
        boolean granted = body.path("granted").asBoolean(false);
        if (replyTerm < 0) {
            throw new IllegalArgumentException("a vote_ok needs a term, got " + body);
        }
        if (!granted) {
            if (replyTerm > term) {
                becomeFollower(replyTerm, null);
                resetElectionDeadline();
            }
            return;
        }
        boolean counts = pre ? role == Role.PRE_CANDIDATE && replyTerm == term + 1
                : role == Role.CANDIDATE && replyTerm == term;
        if (counts && votes.add(src) && votes.size() >= majority) {
            if (pre) {
                startElection();
            } else {
                becomeLeader();
            }
        }
    }

    // ----- replication, leader side -----

    /** A follower that needs entries the log has forgotten gets the snapshot instead, then appends after it. */
    private void sendSnapshot(String peer, Follower f) {
        ObjectNode body = Bodies.of("snapshot");
        body.put("term", term);
        body.put("index", log.base());
        body.put("last_term", log.termAt(log.base()));
        body.set("data", snapshot);
        send(peer, body, 0);
        env.metrics().counter("snapshots-sent").increment();
        f.next = log.base() + 1;
        f.progressNanos = env.nowNanos();
    }

    private void sendAppend(String peer, Follower f) {
        if (f.next - 1 < log.base()) {
            sendSnapshot(peer, f);
            return;
        }
        // The leader's own copy is on disk before any follower sees an entry, so a follower that
        // commits on its own (two or three nodes) counts a copy that survives the leader's crash.
        if (syncLog()) {
            advanceCommitIndex();
        }
        long now = env.nowNanos();
        int prev = Math.min(f.next - 1, log.lastIndex());
        int last = Math.min(log.lastIndex(), prev + MAX_ENTRIES_PER_APPEND);
        ObjectNode body = Bodies.of("append");
        body.put("term", term);
        body.put("prev_index", prev);
        body.put("prev_term", log.termAt(prev));
        ArrayNode entries = body.putArray("entries");
        for (int i = prev + 1; i <= last; i++) {
            entries.add(log.entry(i).toJson(codec));
        }
        body.put("commit", commitIndex);
        body.put("clock", LeaderClock.stampMillis(now));
        // Around the ring every follower hears every round, at no cost in messages.
        boolean lazy = batch == null && !inQuorum(peer, now);
        if (lazy) {
            body.put("lazy", true);
        }
        // A follower outside the quorum gets appends at half the pace: only its own clients wait on them.
        pacers.get(peer).gap(lazy ? 2 * settings.batchNanos() : settings.batchNanos());
        long round = readRounds.carry();
        if (round > 0) {
            body.put("read", round);
        }
        if (f.readReplyPending) {
            body.putArray("read_reply").add(f.readReplyIncarnation).add(f.readReplySeq).add(f.readReplyIndex);
            f.readReplyPending = false;
        }
        send(peer, body, last);
        if (f.next - 1 <= f.match) {
            // The follower was caught up: its retransmission clock starts with this window.
            f.progressNanos = now;
        }
        f.next = last + 1;
        // Round trips are sampled on direct appends only: a round's includes the other hops and holds.
        if (batch == null && f.sampleIndex <= f.match && last > f.match) {
            f.sampleIndex = last;
            f.sampleSentNanos = now;
        }
    }

    /**
     * Whether {@code peer} is one of the majority - 1 followers whose prompt acks make this
     * leader's quorum: those that answered within two heartbeats, nearest (smoothed round trip)
     * first, then in {@code node_ids} order. The others are told their acks may wait a heartbeat
     * (lazy), and its appends come at half the pace: with three nodes that is three messages per
     * batch gap instead of four. A quorum follower that
     * stops answering drops out of the quorum within two heartbeats, and meanwhile the lazy ones'
     * heartbeat acks still commit.
     */
    private boolean inQuorum(String peer, long now) {
        int needed = majority - 1;
        if (needed >= followers.size()) {
            return true;
        }
        Follower f = followers.get(peer);
        long window = 2 * settings.heartbeatNanos();
        boolean recent = now - f.lastAnswerNanos < window;
        int before = 0;
        for (Map.Entry<String, Follower> e : followers.entrySet()) {
            Follower o = e.getValue();
            if (o == f) {
                continue;
            }
            boolean oRecent = now - o.lastAnswerNanos < window;
            boolean ahead = oRecent != recent ? oRecent
                    : o.smoothedRttNanos != f.smoothedRttNanos ? o.smoothedRttNanos < f.smoothedRttNanos
                    : env.nodeIds().indexOf(e.getKey()) < env.nodeIds().indexOf(peer);
            if (ahead && ++before >= needed) {
                return false;
            }
        }
        return true;
    }

    private void onAppendOk(String src, JsonNode body) {
        long replyTerm = body.path("term").asLong(-1);
        if (replyTerm < 0) {
            throw new IllegalArgumentException("an append_ok needs a term, got " + body);
        }
        if (replyTerm > term) {
            becomeFollower(replyTerm, null);
            resetElectionDeadline();
            return;
        }
        Follower f = followers.get(src);
        if (replyTerm < term || role != Role.LEADER || f == null) {
            return;
        }
        long now = env.nowNanos();
        f.lastAnswerNanos = now;
        // Any answer in this term, even a rejection, says the follower took this node as leader.
        readRounds.answered(src, body.path("read").asLong(0), majority);
        JsonNode ask = body.get("read_ask");
        if (ask != null && ask.path(0).canConvertToLong() && ask.path(1).canConvertToLong()) {
            onReadAsk(src, ask.get(0).asLong(), ask.get(1).asLong());
        }
        if (body.path("ok").asBoolean(false)) {
            int match = Math.min(body.path("match").asInt(0), log.lastIndex());
            replicationLag.record(log.lastIndex() - Math.max(match, f.match));
            if (match > f.match) {
                f.match = match;
                f.progressNanos = now;
                if (f.sampleIndex > 0 && match >= f.sampleIndex) {
                    long rtt = now - f.sampleSentNanos;
                    f.smoothedRttNanos = (7 * f.smoothedRttNanos + rtt) / 8;
                    f.networkRttNanos = (7 * f.networkRttNanos + rtt) / 8;
                    f.sampleIndex = 0;
                }
                f.next = Math.max(f.next, match + 1);
                advanceCommitIndex();
            }
        } else {
            int hint = body.path("hint").asInt(0);
            if (hint < f.match) {
                // The follower holds less than it acknowledged: it restarted without a disk. Counting
                // it lower only delays commits; it is repaired from there (or sent the snapshot).
                f.match = hint;
            }
            f.next = Math.max(f.match + 1, Math.min(f.next, hint + 1));
            f.sampleIndex = 0;
            appendPacer(src).want();
        }
        listener.onForwarded(src, body);
    }

    /** The highest index held by a majority, when it is of this term (Raft's commit rule). */
    private void advanceCommitIndex() {
        if (role != Role.LEADER) {
            return;
        }
        int[] matches = new int[peers.size() + 1];
        matches[0] = durableIndex;
        int i = 1;
        for (Follower f : followers.values()) {
            matches[i++] = f.match;
        }
        java.util.Arrays.sort(matches);
        int held = matches[matches.length - (flawCommitAlone ? 1 : majority)];
        if (held > commitIndex && log.termAt(held) == term) {
            commitIndex = held;
            applyCommitted();
            for (Map.Entry<String, Follower> e : followers.entrySet()) {
                // With two or three nodes a follower commits what it holds of this term on
                // receipt (onAppend), so one already sent the entries through the commit index
                // needs no message to learn it; the next heartbeat carries it anyway.
                if (majority > 2 || e.getValue().next <= commitIndex) {
                    appendPacer(e.getKey()).want();
                }
            }
        }
    }

    private void applyCommitted() {
        while (appliedIndex < commitIndex) {
            appliedIndex++;
            listener.onCommitted(appliedIndex, log.entry(appliedIndex));
        }
        if (!caughtUp && appliedIndex > 0 && log.termAt(appliedIndex) == term) {
            caughtUp = true;
        }
    }

    private long retransmitNanos(Follower f) {
        return Math.max(3 * f.smoothedRttNanos, 4 * settings.batchNanos() + 20_000_000L);
    }

    private void leaderTick(long now) {
        if (ring.broken(now)) {
            // What that round carried may be lost past the broken link: send the unacknowledged windows again, directly.
            env.log().info("ring-broken", "a round around the ring did not come back; appending directly for a while");
            env.metrics().counter("ring-broken").increment();
            for (Follower f : followers.values()) {
                f.next = f.match + 1;
                f.sampleIndex = 0;
            }
            wantAppends();
        }
        int answered = 1;
        // A majority must have answered within the election timeout, or three round trips where
        // the network is slower than that.
        long window = settings.electionNanos();
        for (Follower f : followers.values()) {
            window = Math.max(window, 3 * f.smoothedRttNanos);
        }
        for (Map.Entry<String, Follower> e : followers.entrySet()) {
            Follower f = e.getValue();
            Pacer pacer = appendPacer(e.getKey());
            if (now - f.lastAnswerNanos < window) {
                answered++;
            }
            if (f.match < log.lastIndex() && now - f.progressNanos > retransmitNanos(f)) {
                f.next = f.match + 1;
                f.progressNanos = now;
                f.sampleIndex = 0;
                pacer.want();
            } else if (now - pacer.lastSentNanos() >= settings.heartbeatNanos()) {
                pacer.want();
            }
        }
        if (answered < majority) {
            env.log().info("step-down", "stepping down in term " + term + ": only " + answered + " of " + (peers.size() + 1)
                    + " nodes answered within the election timeout");
            becomeFollower(term, null);
            leaderContactNanos = Long.MIN_VALUE / 2;
            resetElectionDeadline();
        }
    }

    // ----- replication, follower side -----

    private void onAppend(String src, JsonNode body) {
        long leaderTerm = body.path("term").asLong(-1);
        int prev = body.path("prev_index").asInt(-1);
        long prevTerm = body.path("prev_term").asLong(-1);
        int leaderCommit = body.path("commit").asInt(-1);
        JsonNode entries = body.path("entries");
        if (leaderTerm < 0 || prev < 0 || prevTerm < 0 || leaderCommit < 0 || !entries.isArray()) {
            throw new IllegalArgumentException("an append needs term, prev_index, prev_term, entries, commit; got " + body);
        }
        if (leaderTerm < term) {
            // A stale leader: the answer's higher term makes it step down.
            ObjectNode reply = Bodies.of("append_ok");
            reply.put("term", term);
            reply.put("ok", false);
            reply.put("hint", prev);
            send(src, reply, 0);
            return;
        }
        becomeFollower(leaderTerm, src);
        JsonNode clock = body.get("clock");
        if (clock != null && clock.canConvertToLong()) {
            leaderClock.heard(leaderTerm, src, clock.asLong(), env.nowNanos());
        }
        long read = body.path("read").asLong(0);
        boolean newRead = read > readSeqHeard;
        readSeqHeard = Math.max(readSeqHeard, read);
        JsonNode readReply = body.get("read_reply");
        if (readReply != null && readReply.path(0).canConvertToLong() && readReply.path(1).canConvertToLong()
                && readReply.path(2).canConvertToInt()) {
            readAsks.answered(readReply.get(0).asLong(), readReply.get(1).asLong(), readReply.get(2).asInt());
        }
        leaderContactNanos = env.nowNanos();
        electionBackoff = 1;
        resetElectionDeadline();
        // Up to the snapshot (log.base()) everything is committed, so it matches the leader's.
        if (prev >= log.base() && (prev > log.lastIndex() || log.termAt(prev) != prevTerm)) {
            rejectHint = prev > log.lastIndex() ? log.lastIndex() : log.firstIndexOfTermAt(prev) - 1;
            sendAck(src);
            return;
        }
        int index = prev;
        for (JsonNode json : entries) {
            Entry<C> entry = Entry.fromJson(json, codec);
            index++;
            if (index <= log.base()) {
                continue;
            }
            if (index <= log.lastIndex()) {
                if (log.termAt(index) == entry.term()) {
                    continue;
                }
                if (index <= commitIndex) {
                    throw new IllegalStateException("leader " + src + " of term " + leaderTerm
                            + " conflicts with committed index " + index);
                }
                wal.truncated(index);
                durableIndex = Math.min(durableIndex, index - 1);
                listener.onTruncated(log.truncateFrom(index));
            }
            appendToLog(entry);
        }
        syncLog();
        verifiedIndex = Math.max(verifiedIndex, index);
        int newCommit = Math.min(leaderCommit, index);
        if (majority <= 2 && index > log.base() && log.termAt(index) == term) {
            // The leader and this node are a majority (two or three nodes), and both hold every
            // entry up to index, the last of them of the leader's own term: Raft's commit rule
            // holds here already, a round trip before the leader could say so.
            newCommit = Math.max(newCommit, index);
        }
        if (newCommit > commitIndex) {
            commitIndex = newCommit;
            applyCommitted();
        }
        // Acks go out at once (the leader's appends are already paced, and an ack is the leader's
        // commit), unless this follower is not needed for the leader's quorum (lazy: it acks once
        // a heartbeat); one for an append that only moved the commit index can wait for the
        // next. Forwards waiting for a message to ride on take this one.
        boolean lazy = body.path("lazy").asBoolean(false);
        long sinceAck = env.nowNanos() - ackSentNanos;
        // Around the ring an ack rides on the message that goes on anyway, and brings the round
        // back; it is built when the message goes on.
        if (batch != null) {
            ackOnRelease = src;
        } else if ((entries.size() > 0 || newRead) && !lazy || forwardPacers.get(src).wanted()
                || sinceAck >= (lazy ? settings.heartbeatNanos() : settings.heartbeatNanos() / 2)) {
            sendAck(src);
        }
    }

    /**
     * The leader's snapshot, for a follower behind the start of its log: the host's state is
     * replaced, and the log keeps only what follows the snapshot (all of it, if it matches there).
     */
    private void onSnapshot(String src, JsonNode body) {
        long leaderTerm = body.path("term").asLong(-1);
        int index = body.path("index").asInt(-1);
        long lastTerm = body.path("last_term").asLong(-1);
        JsonNode data = body.get("data");
        if (leaderTerm < 0 || index < 1 || lastTerm < 0 || data == null) {
            throw new IllegalArgumentException("a snapshot needs term, index, last_term and data; got " + body);
        }
        if (leaderTerm < term) {
            ObjectNode reply = Bodies.of("append_ok");
            reply.put("term", term);
            reply.put("ok", false);
            reply.put("hint", log.lastIndex());
            send(src, reply, 0);
            return;
        }
        becomeFollower(leaderTerm, src);
        leaderContactNanos = env.nowNanos();
        electionBackoff = 1;
        resetElectionDeadline();
        if (snapshots == null) {
            env.log().warn("snapshot-refused", "a snapshot from " + src + " at index " + index
                    + ", but this node's host keeps no snapshots");
            return;
        }
        if (index > commitIndex) {
            List<Entry<C>> dropped = log.compactThrough(index, lastTerm);
            persistCompaction(data);
            snapshot = data;
            if (pendingSnapshot != null && pendingIndex <= index) {
                pendingSnapshot = null;
            }
            snapshots.restore(index, data);
            commitIndex = index;
            appliedIndex = index;
            durableIndex = Math.max(durableIndex, log.lastIndex());
            env.metrics().counter("snapshots-installed").increment();
            if (!dropped.isEmpty()) {
                listener.onTruncated(dropped);
            }
        }
        verifiedIndex = Math.max(verifiedIndex, index);
        sendAck(src);
    }

    /**
     * Every {@link #snapshotEvery} applied entries the host's state is taken, and once the
     * request-id window ({@code evictAfterNanos}) has passed since, the log forgets the entries it
     * covers: a request can be forwarded again only within that window, and the leader finds it
     * in its log by id only while the entry is there, so no request is appended twice. The same
     * holds for the snapshots a leader sends: they cover only entries older than the window.
     */
    private void maybeSnapshot() {
        if (snapshots == null) {
            return;
        }
        long now = env.nowNanos();
        if (pendingSnapshot != null && now - pendingTakenNanos >= settings.evictAfterNanos()) {
            if (pendingIndex > log.base()) {
                log.compactThrough(pendingIndex, pendingTerm);
                persistCompaction(pendingSnapshot);
                snapshot = pendingSnapshot;
            }
            pendingSnapshot = null;
        }
        if (pendingSnapshot == null && appliedIndex - log.base() >= snapshotEvery) {
            pendingSnapshot = snapshots.snapshot();
            pendingIndex = appliedIndex;
            pendingTerm = log.termAt(appliedIndex);
            pendingTakenNanos = now;
        }
    }

    /**
     * With a write-ahead log, the log on disk starts after the snapshot the log in memory was just
     * compacted to ({@code data}, at {@link RaftLog#base}); the entries after it are rewritten
     * and synced, so all of them are durable.
     */
    private void persistCompaction(JsonNode data) {
        if (!wal.durable()) {
            return;
        }
        int base = log.base();
        int count = log.lastIndex() - base;
        long[] positions = wal.compact(new WriteAheadLog.Snapshot(base, log.termAt(base), data),
                i -> log.entry(base + 1 + i), count);
        for (int i = 0; i < count; i++) {
            log.placed(base + 1 + i, positions[i]);
        }
        durableIndex = log.lastIndex();
        env.metrics().counter("log-compactions-on-disk").increment();
    }

    /**
     * A follower that passes on other followers' acks to its leader sees what they hold: with this
     * node and the leader, a majority holding an entry of the leader's term makes it committed
     * (Raft's commit rule, known here a round before the leader could say so). With five nodes,
     * every follower after the first commits a round's entries as the round passes.
     */
    private void commitFromPassingAcks(List<Ring.Item> passing) {
        if (role != Role.FOLLOWER || leader == null || majority <= 2 || verifiedIndex <= commitIndex) {
            return;
        }
        Map<String, Integer> held = new LinkedHashMap<>();
        for (Ring.Item item : passing) {
            JsonNode body = item.body();
            if (item.dest().equals(leader) && !item.src().equals(self) && !item.src().equals(leader)
                    && body.path("type").asText().equals("append_ok") && body.path("term").asLong(-1) == term
                    && body.path("ok").asBoolean(false)) {
                // Entries of this term matched against this leader's log, so they match this node's up to verifiedIndex.
                held.merge(item.src(), Math.min(body.path("match").asInt(0), verifiedIndex), Math::max);
            }
        }
        if (held.size() + 2 < majority) {
            return;
        }
        int[] matches = new int[held.size() + 2];
        matches[0] = verifiedIndex;
        matches[1] = verifiedIndex;
        int i = 2;
        for (int match : held.values()) {
            matches[i++] = match;
        }
        java.util.Arrays.sort(matches);
        int index = matches[matches.length - majority];
        if (index > commitIndex && index > log.base() && log.termAt(index) == term) {
            commitIndex = index;
            applyCommitted();
        }
    }

    /** The follower's answer: a rejection with where to go back to, or the verified index. */
    private void sendAck(String to) {
        ObjectNode body = Bodies.of("append_ok");
        body.put("term", term);
        int acknowledged = 0;
        if (rejectHint >= 0) {
            body.put("ok", false);
            body.put("hint", rejectHint);
            rejectHint = -1;
        } else {
            body.put("ok", true);
            body.put("match", verifiedIndex);
            acknowledged = verifiedIndex;
        }
        if (readSeqHeard > 0) {
            body.put("read", readSeqHeard);
        }
        long ask = readAsks.toAsk(env.nowNanos());
        if (ask > 0) {
            body.putArray("read_ask").add(readAsks.incarnation()).add(ask);
        }
        listener.addForwards(body);
        send(to, body, acknowledged);
        ackSentNanos = env.nowNanos();
        forwardPacers.get(to).sentNow();
    }

    private void tick() {
        long now = env.nowNanos();
        // A tick long after the last one means this process was stalled (a GC pause, a busy
        // machine's scheduler, SIGSTOP), and what peers sent meanwhile waits in its input: that
        // tick only notes the time, so no decision that rests on having heard nothing (check
        // quorum, an election, a retransmission, a request's expiry) is made before it is read.
        // And the stall does not count against followers: a leader that sent nothing for it
        // heard nothing back, which says nothing of whether they are there.
        long stall = now - lastTickNanos - TICK_NANOS;
        lastTickNanos = now;
        if (stall > Math.max(settings.heartbeatNanos() / 2, 3 * TICK_NANOS)) {
            for (Follower f : followers.values()) {
                f.lastAnswerNanos = Math.min(now, f.lastAnswerNanos + stall);
            }
            env.metrics().counter("ticks-after-a-stall").increment();
            return;
        }
        if (wal.durable()) {
            log.markTime(now);
            int upTo = Math.min(Math.min(appliedIndex, durableIndex), log.lastIndex() - settings.memoryEntries());
            int before = log.inMemory();
            if (log.evict(upTo, now - settings.evictAfterNanos()) > 0 && !evictedBefore) {
                evictedBefore = true;
                env.log().info("evict", "moving applied entries to disk: " + before + " in memory before, " + log.inMemory()
                        + " after (memory-entries " + settings.memoryEntries() + ")");
            }
        }
        maybeSnapshot();
        if (role != Role.LEADER && readAsks.overdue(now, settings.heartbeatNanos()) && readAsks.askAgain()) {
            wantToLeader();
        }
        if (role == Role.LEADER) {
            leaderTick(now);
        } else if (now >= electionDeadlineNanos) {
            startPreVote();
        } else if (role != Role.FOLLOWER && now - voteRequestNanos >= voteRetryNanos) {
            // A peer that was not up yet, or a lost request: ask again within this election.
            requestVotes(role == Role.PRE_CANDIDATE ? term + 1 : term, role == Role.PRE_CANDIDATE);
        }
        listener.onTick();
    }

    /** Builds a paced message, an append or a follower's forwards, from the state when it goes out. */
    private final class SendTo implements Runnable {
        private final String peer;
        private final boolean append;

        SendTo(String peer, boolean append) {
            this.peer = peer;
            this.append = append;
        }

        @Override
        public void run() {
            if (append && role == Role.LEADER) {
                Follower f = followers.get(peer);
                if (f != null) {
                    sendAppend(peer, f);
                }
            } else if (!append && role == Role.FOLLOWER && peer.equals(leader)) {
                sendAck(peer);
            }
        }
    }

    /** The end of a follower's hold on a ring message. */
    private final class Release implements Runnable {
        @Override
        public void run() {
            holdTimer = null;
            if (batch != null) {
                flushBatch();
            }
        }
    }

    /** The leader's next round: around the ring while it holds, else an append to each follower. */
    private final class SendRound implements Runnable {
        @Override
        public void run() {
            if (role != Role.LEADER) {
                return;
            }
            if (ringRoundsNow()) {
                sendRound();
            } else {
                for (Map.Entry<String, Follower> e : followers.entrySet()) {
                    sendAppend(e.getKey(), e.getValue());
                    pacers.get(e.getKey()).sentNow();
                }
            }
        }
    }

    private final class SyncOwnLog implements Runnable {
        @Override
        public void run() {
            if (role == Role.LEADER && syncLog()) {
                advanceCommitIndex();
            }
        }
    }

    private final class Tick implements Runnable {
        @Override
        public void run() {
            tick();
        }
    }

    /** The peer messages; a malformed one, or one from a stranger, is logged and dropped. */
    private final class Route implements Handlers.Handler {
        @Override
        public void handle(Request request) {
            String src = request.src();
            if (!pacers.containsKey(src)) {
                env.log().warn("not-a-peer", "dropped " + request.type() + " from " + src + ", which is not a peer");
                return;
            }
            if (request.type().equals(Ring.TYPE)) {
                try {
                    onRing(src, request.body());
                } catch (IllegalArgumentException e) {
                    env.log().warn("malformed-peer-message", "dropped malformed ring message from " + src + ": " + e.getMessage());
                }
            } else {
                dispatch(src, request.type(), request.body());
            }
        }
    }

    /** One peer message, straight from its source or carried around the ring. */
    private void dispatch(String src, String type, JsonNode body) {
        try {
            switch (type) {
                case "append" -> onAppend(src, body);
                case "append_ok" -> onAppendOk(src, body);
                case "vote" -> onVote(src, body);
                case "vote_ok" -> onVoteOk(src, body);
                case "snapshot" -> onSnapshot(src, body);
                default -> throw new IllegalArgumentException("no handler");
            }
        } catch (IllegalArgumentException e) {
            env.log().warn("malformed-peer-message", "dropped malformed " + type + " from " + src + ": " + e.getMessage());
        }
    }
}
