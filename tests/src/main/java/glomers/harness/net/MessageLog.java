package glomers.harness.net;

import glomers.core.Message;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every message of a run, for the run page's rates chart and message timeline; beside
 * {@link NetJournal}, which keeps Maelstrom's counts and is not touched by this. Sends are
 * counted per second and group always; full records (times, ids, type, a body excerpt) only for
 * the first {@code maxRecords}, in primitive arrays with interned names, so a long run costs a
 * bounded amount of memory. Record indexes follow send order.
 */
public final class MessageLog {

    /** Enough for a 60 s rate-1000 kafka run (about 140 k messages) in full; about 35 MB at most. */
    public static final int DEFAULT_MAX_RECORDS = 200_000;
    static final int EXCERPT_CHARS = 80;
    private static final long SECOND_NS = 1_000_000_000L;

    /**
     * What became of a recorded message: undelivered ones were still queued when the run ended,
     * or their receiver left the network (a closed client); lost ones met the simulator's --loss.
     */
    public enum Fate { UNDELIVERED, DELIVERED, DROPPED, LOST }

    private final int maxRecords;
    private final List<String> names = new ArrayList<>();
    private final Map<String, Integer> nameIds = new HashMap<>();
    private final Map<String, int[]> perSecond = new LinkedHashMap<>();
    private long originNs;
    private long sends;
    private long recvs;
    private long unrecorded;
    private int size;
    private long[] sentNs = new long[1024];
    private long[] doneNs = new long[1024];
    private long[] msgId = new long[1024];
    private long[] inReplyTo = new long[1024];
    private int[] src = new int[1024];
    private int[] dest = new int[1024];
    private int[] type = new int[1024];
    private byte[] fate = new byte[1024];
    private boolean[] copy = new boolean[1024];
    private String[] excerpt = new String[1024];

    public MessageLog() {
        this(DEFAULT_MAX_RECORDS);
    }

    public MessageLog(int maxRecords) {
        this.maxRecords = maxRecords;
    }

    /** Relative time 0 of the run; earlier traffic (init) is counted in second 0. */
    public void startClock(long nowNs) {
        originNs = nowNs;
    }

    /** An accepted message, counted as NetJournal counts a send; returns its record or -1. */
    int onSend(long nowNs, Message m) {
        sends++;
        String group = group(m.src(), m.dest(), m.type());
        int second = (int) Math.max(0, Math.floorDiv(nowNs - originNs, SECOND_NS));
        int[] counts = perSecond.get(group);
        if (counts == null || counts.length <= second) {
            counts = Arrays.copyOf(counts == null ? new int[0] : counts, Math.max(second + 1, second * 2));
            perSecond.put(group, counts);
        }
        counts[second]++;
        if (size >= maxRecords) {
            unrecorded++;
            return -1;
        }
        return append(nowNs, name(m.src()), name(m.dest()), name(m.type()), m.msgId(), m.inReplyTo(),
                BodyExcerpt.of(m.body(), EXCERPT_CHARS));
    }

    /** A duplicate the simulator delivers besides the original: its own record, not a send. */
    int onCopy(int original, long nowNs) {
        if (original < 0 || size >= maxRecords) {
            return -1;
        }
        int i = append(nowNs, src[original], dest[original], type[original], msgId[original], inReplyTo[original],
                excerpt[original]);
        copy[i] = true;
        return i;
    }

    void onLost(int record) {
        if (record >= 0) {
            fate[record] = (byte) Fate.LOST.ordinal();
        }
    }

    /** Dropped by a partition; {@code dueNs} is when it would have arrived. */
    void onDrop(int record, long dueNs) {
        if (record >= 0) {
            fate[record] = (byte) Fate.DROPPED.ordinal();
            doneNs[record] = dueNs;
        }
    }

    void onRecv(int record, long nowNs) {
        recvs++;
        if (record >= 0) {
            fate[record] = (byte) Fate.DELIVERED.ordinal();
            doneNs[record] = nowNs;
        }
    }

    private int append(long nowNs, int s, int d, int t, long id, long replyTo, String text) {
        if (size == sentNs.length) {
            grow(Math.min(maxRecords, size * 2));
        }
        int i = size++;
        sentNs[i] = nowNs;
        doneNs[i] = -1;
        src[i] = s;
        dest[i] = d;
        type[i] = t;
        msgId[i] = id;
        inReplyTo[i] = replyTo;
        excerpt[i] = text;
        return i;
    }

    private void grow(int n) {
        sentNs = Arrays.copyOf(sentNs, n);
        doneNs = Arrays.copyOf(doneNs, n);
        msgId = Arrays.copyOf(msgId, n);
        inReplyTo = Arrays.copyOf(inReplyTo, n);
        src = Arrays.copyOf(src, n);
        dest = Arrays.copyOf(dest, n);
        type = Arrays.copyOf(type, n);
        fate = Arrays.copyOf(fate, n);
        copy = Arrays.copyOf(copy, n);
        excerpt = Arrays.copyOf(excerpt, n);
    }

    private int name(String s) {
        Integer id = nameIds.get(s);
        if (id == null) {
            id = names.size();
            names.add(s);
            nameIds.put(s, id);
        }
        return id;
    }

    /**
     * Client traffic (src or dest starts with "c", as Maelstrom's net checker groups it), each
     * of Maelstrom's services, else the server-to-server body type.
     */
    static String group(String src, String dest, String type) {
        if (NetJournal.involvesClient(src, dest)) {
            return "clients";
        }
        String service = SERVICE_GROUPS.get(src);
        if (service == null) {
            service = SERVICE_GROUPS.get(dest);
        }
        return service != null ? service : type;
    }

    private static final Map<String, String> SERVICE_GROUPS = Map.of("lin-kv", "lin-kv service",
            "seq-kv", "seq-kv service", "lww-kv", "lww-kv service", "lin-tso", "lin-tso service");

    // ---- reading ----

    public long originNs() {
        return originNs;
    }

    public long sends() {
        return sends;
    }

    public long recvs() {
        return recvs;
    }

    /** Sends beyond the cap: counted per second, not recorded. */
    public long unrecorded() {
        return unrecorded;
    }

    public int size() {
        return size;
    }

    /** Sends per second of relative time, by group; arrays may be longer than the run. */
    public Map<String, int[]> perSecond() {
        return perSecond;
    }

    public long sentNs(int i) {
        return sentNs[i];
    }

    /** Delivery time, or when a dropped message was due; -1 for lost and undelivered ones. */
    public long doneNs(int i) {
        return doneNs[i];
    }

    public String src(int i) {
        return names.get(src[i]);
    }

    public String dest(int i) {
        return names.get(dest[i]);
    }

    public String type(int i) {
        return names.get(type[i]);
    }

    /** -1 when absent. */
    public long msgId(int i) {
        return msgId[i];
    }

    /** -1 when absent. */
    public long inReplyTo(int i) {
        return inReplyTo[i];
    }

    public Fate fate(int i) {
        return Fate.values()[fate[i]];
    }

    public boolean isCopy(int i) {
        return copy[i];
    }

    public String excerpt(int i) {
        return excerpt[i];
    }
}
