package glomers.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import glomers.harness.history.Op;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * When the anomalies the checkers found happened, for the message timeline: each case's ops from
 * invocation to completion (history times, the clock the message log shares), those close enough
 * that their padded spans would overlap as one piece (a kafka offset given twice can be a minute
 * apart: one span over both would hold only the first messages of it). A case's ops are the op
 * objects it names (kafka, txn, the counters' final reads outside the acceptable sums), found in
 * the history by index; a kafka case that names none (inconsistent-offsets) by the sends
 * acknowledged at its offset; a lost set-full value by the add that sent it.
 */
final class AnomalySpans {

    /** Anomalies given a span and a button; the earliest case of each type before a second of any. */
    static final int MAX = 3;

    /** Pieces a case keeps: its first ops' times, each embedded and viewed on its own. */
    static final int MAX_PIECES = 3;

    /** A case: its type and its pieces, [from, to] seconds of run time, in time order. */
    record Span(String type, List<double[]> pieces) {
        double fromS() {
            return pieces.get(0)[0];
        }

        /** "G1c at 12.345 s" for the case, "G1c at 12.345 s: its op at 40.001 s" for a later piece. */
        String label(int piece) {
            String at = String.format(Locale.ROOT, "%s at %.3f s", type, fromS());
            return piece == 0 ? at : at + String.format(Locale.ROOT, ": its op at %.3f s", pieces.get(piece)[0]);
        }
    }

    private final List<Op> ops;

    private AnomalySpans(List<Op> ops) {
        this.ops = ops;
    }

    /** At most {@link #MAX} anomalies from the run's summary, in time order. */
    static List<Span> find(JsonNode result, List<Op> ops) {
        AnomalySpans a = new AnomalySpans(ops);
        List<List<Span>> byType = new ArrayList<>();
        for (JsonNode check : result.path("checks")) {
            JsonNode f = check.path("fields");
            switch (check.path("checker").asText()) {
                case "kafka" -> f.path("bad-error-types").forEach(t -> {
                    JsonNode found = f.path(t.asText());
                    byType.add(a.cases(t.asText(), found.has("errs") ? found.path("errs") : found));
                });
                case "txn-rw-register", "txn-list-append" -> f.path("anomaly-types")
                        .forEach(t -> byType.add(a.cases(t.asText(), f.path("anomalies").path(t.asText()))));
                case "counter" -> byType.add(a.cases("final reads outside the acceptable sums",
                        List.of(f.path("errors"))));
                case "set-full" -> byType.add(a.lost(f.path("lost")));
                default -> {
                }
            }
        }
        return pick(byType);
    }

    /**
     * Round by round, each type's next case, in time order; one whose label a picked one has (the
     * same type starting the same millisecond: txn lists a reader twice, kafka's cases share a
     * send) would be the same button.
     */
    private static List<Span> pick(List<List<Span>> byType) {
        List<Iterator<Span>> next = new ArrayList<>();
        for (List<Span> spans : byType) {
            spans.sort(Comparator.comparingDouble(Span::fromS));
            next.add(spans.iterator());
        }
        List<Span> picked = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (boolean more = true; more && picked.size() < MAX; ) {
            more = false;
            for (Iterator<Span> it : next) {
                while (it.hasNext() && picked.size() < MAX) {
                    Span s = it.next();
                    if (labels.add(s.label(0))) {
                        picked.add(s);
                        more = true;
                        break;
                    }
                }
            }
        }
        picked.sort(Comparator.comparingDouble(Span::fromS));
        return picked;
    }

    private List<Span> cases(String type, JsonNode cases) {
        List<JsonNode> list = new ArrayList<>();
        if (cases.isArray()) {
            cases.forEach(list::add);
        } else if (cases.isObject()) {
            list.add(cases);
        }
        return cases(type, list);
    }

    private List<Span> cases(String type, List<JsonNode> cases) {
        List<Span> spans = new ArrayList<>();
        for (JsonNode c : cases) {
            List<Integer> at = new ArrayList<>();
            opsIn(c, at);
            if (at.isEmpty() && c.has("key") && c.has("offset")) {
                at.addAll(sendsAt(c.path("key").asText(), c.path("offset").asLong()));
            }
            Span s = span(type, at);
            if (s != null) {
                spans.add(s);
            }
        }
        return spans;
    }

    /** The history positions of the op objects in a case, at any depth (an op's own value not searched). */
    private void opsIn(JsonNode n, List<Integer> into) {
        if (AnomalyPanel.isOp(n)) {
            int p = position(n.path("index").asInt(-1));
            if (p >= 0) {
                into.add(p);
            }
        } else if (n.isContainerNode()) {
            n.forEach(child -> opsIn(child, into));
        }
    }

    private int position(int index) {
        if (index >= 0 && index < ops.size() && ops.get(index).index() == index) {
            return index;
        }
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i).index() == index) {
                return i;
            }
        }
        return -1;
    }

    /** The ok kafka sends whose reply gave {@code key} this offset: [["send", key, [offset, msg]]]. */
    private List<Integer> sendsAt(String key, long offset) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            JsonNode mop = op.value() == null ? null : op.value().path(0);
            if (op.isOk() && mop != null && mop.path(0).asText().equals("send") && mop.path(1).asText().equals(key)
                    && mop.path(2).path(0).asLong(-1) == offset) {
                at.add(i);
            }
        }
        return at;
    }

    /** Each lost value's add (broadcast or g-set's add), as "lost value 7". */
    private List<Span> lost(JsonNode values) {
        Map<String, Integer> adds = new HashMap<>();
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            if (op.isClient() && op.isInvoke() && (op.f().equals("broadcast") || op.f().equals("add"))
                    && op.value() != null) {
                adds.putIfAbsent(op.value().toString(), i);
            }
        }
        List<Span> spans = new ArrayList<>();
        for (JsonNode v : values) {
            Integer p = adds.get(v.toString());
            Span s = p == null ? null : span("lost value " + v, List.of(p));
            if (s != null) {
                spans.add(s);
            }
        }
        return spans;
    }

    /** The ops at these positions from invocation to completion, merged where their padded spans meet. */
    private Span span(String type, List<Integer> positions) {
        List<long[]> times = new ArrayList<>();
        positions.forEach(p -> times.add(invokedAndDone(p)));
        times.sort(Comparator.comparingLong(t -> t[0]));
        long gap = Math.round((MessageTimeline.BEFORE_ANOMALY_S + MessageTimeline.AFTER_ANOMALY_S) * 1e9);
        List<double[]> pieces = new ArrayList<>();
        long[] cur = null;
        for (long[] t : times) {
            if (cur != null && t[0] - cur[1] <= gap) {
                cur[1] = Math.max(cur[1], t[1]);
                continue;
            }
            if (cur != null) {
                pieces.add(new double[] {cur[0] / 1e9, cur[1] / 1e9});
            }
            cur = t.clone();
        }
        if (cur == null) {
            return null;
        }
        pieces.add(new double[] {cur[0] / 1e9, cur[1] / 1e9});
        return new Span(type, pieces.subList(0, Math.min(MAX_PIECES, pieces.size())));
    }

    /** An op's invocation and completion times; the op's own time for a missing one. */
    private long[] invokedAndDone(int p) {
        Op op = ops.get(p);
        long[] t = {op.timeNanos(), op.timeNanos()};
        int step = op.isInvoke() ? 1 : -1;
        for (int i = p + step; i >= 0 && i < ops.size(); i += step) {
            Op other = ops.get(i);
            if (other.process() == op.process() && other.isInvoke() != op.isInvoke()) {
                t[op.isInvoke() ? 1 : 0] = other.timeNanos();
                break;
            }
        }
        return t;
    }
}
