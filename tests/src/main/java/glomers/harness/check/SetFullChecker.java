package glomers.harness.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import glomers.harness.history.History;
import glomers.harness.history.Op;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;
import org.eclipse.collections.impl.set.mutable.primitive.LongHashSet;

/**
 * Jepsen's {@code set-full} (not linearizable) as Maelstrom runs it for broadcast (its
 * {@code broadcast} ops mapped to {@code add}) and g-set ({@code add}). The add's value is the
 * element; an ok {@code read}'s value is the array of elements it saw.
 *
 * <p>Over client ops in history order: an element is tracked from its add invocation (a repeated
 * add of the same value starts it afresh). It becomes <em>known</em> at its add's ok completion
 * or at the completion of the first ok read that contains it, whichever comes first. Every ok
 * read then marks every tracked element present or absent, keeping the latest such read by
 * invocation index. An element is <em>stable</em> if its last present read was invoked after its
 * last absent read (if any); <em>lost</em> if it is known and its last absent read was invoked
 * after both its last present read and the op that made it known; otherwise <em>never
 * read</em>. Stable latency runs from the known time to the last absent read's invocation time +
 * 1 ns (0 if none), lost latency to the last present read's invocation time + 1 ns (0 if none),
 * both floored at 0 and truncated to whole ms; a stale element is a stable one with a positive
 * latency. Invalid if anything is lost; unknown if nothing is stable; valid otherwise. Any
 * other client {@code :f}, or elements that Clojure's {@code compare} cannot order, throw as in
 * Jepsen (unknown verdict).
 *
 * <p>Not in Maelstrom (its duplicate check is dead code), reported in
 * {@link CheckResult#extraFindings}: elements seen more than once in one read, and values read
 * that no add ever carried or whose add was invoked only after the read completed; and, for the
 * run page's distribution chart, {@code stable-latency-percentiles}: the stable latency at each
 * whole percentile, 0 to 100 (101 numbers however many elements).
 *
 * <p>Each read costs time linear in its size plus the number of tracked elements, with integer
 * elements looked up in primitive tables.
 */
public final class SetFullChecker implements Checker {

    static final int MAX_WORST_STALE = 8;
    static final int MAX_EXTRA_SHOWN = 32;
    private static final int DENSE_LIMIT = 1 << 22;

    public SetFullChecker() {
    }

    @Override
    public String name() {
        return "set-full";
    }

    static boolean isAdd(String f) {
        return "add".equals(f) || "broadcast".equals(f);
    }

    @Override
    public CheckResult check(History history, RunFacts facts) {
        Pairs pairs = Pairs.of(history);
        Elements el = new Elements();
        List<Op> ops = history.ops();
        Values everAdded = new Values();
        for (Op op : ops) {
            if (op.isClient() && op.isInvoke() && isAdd(op.f())) {
                everAdded.add(op.value());
            }
        }
        Values neverAdded = new Values();
        Values readBeforeAdded = new Values();
        for (Op op : ops) {
            if (!op.isClient()) {
                continue;
            }
            if (isAdd(op.f())) {
                if (op.isInvoke()) {
                    el.track(op);
                } else if (op.isOk()) {
                    el.addOk(ops.get(pairs.counterpart(op.index())).value(), op);
                }
            } else if ("read".equals(op.f())) {
                if (op.isOk()) {
                    Op inv = ops.get(pairs.counterpart(op.index()));
                    el.read(inv, op, everAdded, neverAdded, readBeforeAdded);
                }
            } else {
                throw new IllegalArgumentException("set-full: no matching clause for :f " + op.f());
            }
        }
        return el.results(name(), ops, neverAdded, readBeforeAdded);
    }

    /** A set of JSON values under Clojure {@code =}, remembering first-seen order. */
    private static final class Values {
        private final LongHashSet longs = new LongHashSet();
        private final Set<ClojureValues.Key> others = new HashSet<>();
        private final Set<ClojureValues.Key> ordered = new LinkedHashSet<>();

        void add(JsonNode v) {
            if (isLong(v) ? longs.add(v.longValue()) : others.add(new ClojureValues.Key(v))) {
                ordered.add(new ClojureValues.Key(v));
            }
        }

        boolean contains(JsonNode v) {
            return isLong(v) ? longs.contains(v.longValue()) : others.contains(new ClojureValues.Key(v));
        }

        int size() {
            return ordered.size();
        }

        List<JsonNode> first(int n) {
            List<JsonNode> out = new ArrayList<>();
            for (ClojureValues.Key k : ordered) {
                if (out.size() == n) {
                    break;
                }
                out.add(k.node);
            }
            return out;
        }
    }

    static boolean isLong(JsonNode v) {
        return v instanceof IntNode || v instanceof LongNode
                || (v != null && v.isIntegralNumber() && v.canConvertToLong());
    }

    /** Per-element state in parallel arrays, indexed by a dense element id. */
    private static final class Elements {
        private int count;
        private JsonNode[] element = new JsonNode[64];
        private int[] knownIdx = new int[64];
        private long[] knownTime = new long[64];
        private int[] lastPresent = new int[64];
        private long[] lastPresentTime = new long[64];
        private int[] lastAbsent = new int[64];
        private long[] lastAbsentTime = new long[64];
        private int[] stamp = new int[64];
        private int[] multStamp = new int[64];
        private int[] mult = new int[64];
        private int[] maxMult = new int[64];
        private int[] dense = new int[0];
        private final LongIntHashMap sparse = new LongIntHashMap();
        private final Map<ClojureValues.Key, Integer> others = new HashMap<>();
        private int readNo;

        int idOf(JsonNode v) {
            if (v instanceof IntNode) {
                int x = v.intValue();
                if (x >= 0 && x < dense.length) {
                    return dense[x] - 1;
                }
                return sparse.getIfAbsent(x, -1);
            }
            if (isLong(v)) {
                long x = v.longValue();
                if (x >= 0 && x < dense.length) {
                    return dense[(int) x] - 1;
                }
                return sparse.getIfAbsent(x, -1);
            }
            Integer id = others.get(new ClojureValues.Key(v));
            return id == null ? -1 : id;
        }

        private int newId(JsonNode v) {
            int id = count++;
            if (id == element.length) {
                int n = id * 2;
                element = Arrays.copyOf(element, n);
                knownIdx = Arrays.copyOf(knownIdx, n);
                knownTime = Arrays.copyOf(knownTime, n);
                lastPresent = Arrays.copyOf(lastPresent, n);
                lastPresentTime = Arrays.copyOf(lastPresentTime, n);
                lastAbsent = Arrays.copyOf(lastAbsent, n);
                lastAbsentTime = Arrays.copyOf(lastAbsentTime, n);
                stamp = Arrays.copyOf(stamp, n);
                multStamp = Arrays.copyOf(multStamp, n);
                mult = Arrays.copyOf(mult, n);
                maxMult = Arrays.copyOf(maxMult, n);
            }
            if (isLong(v)) {
                long x = v.longValue();
                if (x >= 0 && x < DENSE_LIMIT) {
                    if (x >= dense.length) {
                        dense = Arrays.copyOf(dense, (int) Math.min(DENSE_LIMIT, Math.max(x + 1, dense.length * 2L)));
                    }
                    dense[(int) x] = id + 1;
                } else {
                    sparse.put(x, id);
                }
            } else {
                others.put(new ClojureValues.Key(v), id);
            }
            return id;
        }

        /** An add invocation: a fresh state for its value. */
        void track(Op invoke) {
            int id = idOf(invoke.value());
            if (id < 0) {
                id = newId(invoke.value());
            }
            element[id] = invoke.value();
            knownIdx[id] = -1;
            lastPresent[id] = -1;
            lastAbsent[id] = -1;
        }

        void addOk(JsonNode value, Op ok) {
            int id = idOf(value);
            if (id >= 0 && knownIdx[id] < 0) {
                knownIdx[id] = ok.index();
                knownTime[id] = ok.timeNanos();
            }
        }

        void read(Op inv, Op ok, Values everAdded, Values neverAdded, Values readBeforeAdded) {
            int r = ++readNo;
            JsonNode values = ok.value();
            if (values != null && !values.isNull() && !values.isArray()) {
                throw new IllegalArgumentException("set-full: read op " + ok.index() + " returned " + values);
            }
            int n = values == null ? 0 : values.size();
            for (int k = 0; k < n; k++) {
                JsonNode v = values.get(k);
                int id = idOf(v);
                if (id < 0) {
                    (everAdded.contains(v) ? readBeforeAdded : neverAdded).add(v);
                } else if (stamp[id] != r) {
                    stamp[id] = r;
                } else {
                    if (multStamp[id] != r) {
                        multStamp[id] = r;
                        mult[id] = 1;
                    }
                    mult[id]++;
                    maxMult[id] = Math.max(maxMult[id], mult[id]);
                }
            }
            int invIdx = inv.index();
            long invTime = inv.timeNanos();
            int okIdx = ok.index();
            long okTime = ok.timeNanos();
            for (int id = 0; id < count; id++) {
                if (stamp[id] == r) {
                    if (knownIdx[id] < 0) {
                        knownIdx[id] = okIdx;
                        knownTime[id] = okTime;
                    }
                    if (lastPresent[id] < invIdx) {
                        lastPresent[id] = invIdx;
                        lastPresentTime[id] = invTime;
                    }
                } else if (lastAbsent[id] < invIdx) {
                    lastAbsent[id] = invIdx;
                    lastAbsentTime[id] = invTime;
                }
            }
        }

        CheckResult results(String name, List<Op> ops, Values neverAdded, Values readBeforeAdded) {
            Integer[] order = new Integer[count];
            for (int i = 0; i < count; i++) {
                order[i] = i;
            }
            // Jepsen sorts the elements with compare, which throws on mixed types
            Arrays.sort(order, Comparator.comparing(i -> element[i], ClojureValues::compare));
            List<JsonNode> lost = new ArrayList<>();
            List<JsonNode> neverRead = new ArrayList<>();
            List<JsonNode> stale = new ArrayList<>();
            List<Integer> staleIds = new ArrayList<>();
            long[] stableLatency = new long[count];
            long[] stableLatencies = new long[count];
            long[] lostLatencies = new long[count];
            int stableCount = 0;
            int lostCount = 0;
            for (int id : order) {
                boolean stable = lastPresent[id] >= 0 && lastAbsent[id] < lastPresent[id];
                boolean isLost = knownIdx[id] >= 0 && lastAbsent[id] >= 0
                        && lastPresent[id] < lastAbsent[id] && knownIdx[id] < lastAbsent[id];
                if (stable) {
                    long stableTime = lastAbsent[id] >= 0 ? lastAbsentTime[id] + 1 : 0;
                    long latency = ms(stableTime - knownTime[id]);
                    stableLatency[id] = latency;
                    stableLatencies[stableCount++] = latency;
                    if (latency > 0) {
                        stale.add(element[id]);
                        staleIds.add(id);
                    }
                } else if (isLost) {
                    long lostTime = lastPresent[id] >= 0 ? lastPresentTime[id] + 1 : 0;
                    lostLatencies[lostCount++] = ms(lostTime - knownTime[id]);
                    lost.add(element[id]);
                } else {
                    neverRead.add(element[id]);
                }
            }
            // Jepsen: sort-by latency (stable), reverse, take 8
            List<Integer> worst = new ArrayList<>(staleIds);
            worst.sort(Comparator.comparingLong(id -> stableLatency[id]));
            Collections.reverse(worst);
            List<Object> worstStale = new ArrayList<>();
            for (int id : worst.subList(0, Math.min(MAX_WORST_STALE, worst.size()))) {
                Map<String, Object> w = new LinkedHashMap<>();
                w.put("element", element[id]);
                w.put("outcome", "stable");
                w.put("stable-latency", stableLatency[id]);
                w.put("lost-latency", null);
                w.put("known", ops.get(knownIdx[id]));
                w.put("last-absent", lastAbsent[id] >= 0 ? ops.get(lastAbsent[id]) : null);
                worstStale.add(w);
            }
            Validity v = lostCount > 0 ? Validity.FALSE : (stableCount == 0 ? Validity.UNKNOWN : Validity.TRUE);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("valid?", Fields.valid(v));
            fields.put("attempt-count", (long) count);
            fields.put("stable-count", (long) stableCount);
            fields.put("lost-count", (long) lostCount);
            fields.put("lost", lost);
            fields.put("never-read-count", (long) neverRead.size());
            fields.put("never-read", neverRead);
            fields.put("stale-count", (long) stale.size());
            fields.put("stale", stale);
            fields.put("worst-stale", worstStale);
            if (stableCount > 0) {
                long[] s = Arrays.copyOf(stableLatencies, stableCount);
                Arrays.sort(s);
                fields.put("stable-latencies", Fields.distribution(s));
            }
            if (lostCount > 0) {
                long[] s = Arrays.copyOf(lostLatencies, lostCount);
                Arrays.sort(s);
                fields.put("lost-latencies", Fields.distribution(s));
            }
            fields.put("duplicated-count", 0L);
            fields.put("duplicated", Map.of());
            Map<String, Object> extra = extras(order, neverAdded, readBeforeAdded);
            if (stableCount > 0) {
                long[] s = Arrays.copyOf(stableLatencies, stableCount);
                Arrays.sort(s);
                extra.put("stable-latency-percentiles", percentiles(s));
            }
            return new CheckResult(name, v, fields, extra);
        }

        private Map<String, Object> extras(Integer[] order, Values neverAdded, Values readBeforeAdded) {
            Map<JsonNode, Long> duplicated = new LinkedHashMap<>();
            long duplicatedCount = 0;
            for (int id : order) {
                if (maxMult[id] > 1) {
                    duplicatedCount++;
                    if (duplicated.size() < MAX_EXTRA_SHOWN) {
                        duplicated.put(element[id], (long) maxMult[id]);
                    }
                }
            }
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("duplicated-count", duplicatedCount);
            extra.put("duplicated", duplicated);
            extra.put("never-added-count", (long) neverAdded.size());
            extra.put("never-added", neverAdded.first(MAX_EXTRA_SHOWN));
            extra.put("read-before-added-count", (long) readBeforeAdded.size());
            extra.put("read-before-added", readBeforeAdded.first(MAX_EXTRA_SHOWN));
            return extra;
        }

        /** The stable latency (ms) at each whole percentile 0..100, by the rule of stable-latencies. */
        private static List<Long> percentiles(long[] sorted) {
            List<Long> at = new ArrayList<>(101);
            for (int p = 0; p <= 100; p++) {
                at.add(sorted[Fields.quantileIndex(sorted.length, p / 100.0)]);
            }
            return at;
        }

        /** Jepsen: {@code (-> nanos (max 0) nanos->ms long)}. */
        private static long ms(long nanos) {
            return Math.max(0, nanos) / 1_000_000L;
        }
    }
}
