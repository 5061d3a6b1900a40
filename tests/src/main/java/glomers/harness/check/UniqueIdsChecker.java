package glomers.harness.check;

import com.fasterxml.jackson.databind.JsonNode;
import glomers.harness.history.History;
import glomers.harness.history.Op;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jepsen's {@code unique-ids} checker: among the values of ok {@code generate} completions,
 * duplicates by Clojure {@code =} (1 = 1 whatever its JSON width, but 1 is not 1.0 and "1" is
 * not 1). Valid iff there are none.
 *
 * <p>Fields: {@code attempted-count} (generate invocations), {@code acknowledged-count},
 * {@code duplicated-count}, {@code duplicated} (the 48 most frequent duplicates with their
 * counts, ordered by id) and {@code range} [min max] by Clojure {@code compare}, nils skipped.
 * Where Clojure's {@code compare} would throw (ids of mixed types, or JSON objects) Jepsen's
 * checker throws, so the verdict is unknown; the counts are still reported here.
 */
public final class UniqueIdsChecker implements Checker {

    static final int MAX_DUPLICATED_SHOWN = 48;

    public UniqueIdsChecker() {
    }

    @Override
    public String name() {
        return "unique-ids";
    }

    @Override
    public CheckResult check(History history, RunFacts facts) {
        long attempted = 0;
        long acknowledged = 0;
        Map<ClojureValues.Key, long[]> freqs = new LinkedHashMap<>();
        JsonNode min = null;
        JsonNode max = null;
        String compareError = null;
        for (Op op : history.ops()) {
            if (!op.isClient() || !"generate".equals(op.f())) {
                continue;
            }
            if (op.isInvoke()) {
                attempted++;
                continue;
            }
            if (!op.isOk()) {
                continue;
            }
            acknowledged++;
            JsonNode id = op.value();
            freqs.computeIfAbsent(new ClojureValues.Key(id), k -> new long[1])[0]++;
            if (compareError == null && !ClojureValues.isNil(id)) {
                try {
                    // tesser's extremum: the later value wins ties, and nils are skipped
                    if (min == null || ClojureValues.compare(id, min) <= 0) {
                        min = id;
                    }
                    if (max == null || ClojureValues.compare(id, max) >= 0) {
                        max = id;
                    }
                } catch (ClassCastException e) {
                    compareError = e.getMessage();
                }
            }
        }
        List<Map.Entry<ClojureValues.Key, long[]>> dups = new ArrayList<>();
        for (Map.Entry<ClojureValues.Key, long[]> e : freqs.entrySet()) {
            if (e.getValue()[0] > 1) {
                dups.add(e);
            }
        }
        List<Object[]> shown = new ArrayList<>();
        try {
            // Jepsen: a sorted map by id, sorted (stably) by count, reversed, 48 taken, sorted by id
            Comparator<Map.Entry<ClojureValues.Key, long[]>> byId =
                    (a, b) -> ClojureValues.compare(a.getKey().node, b.getKey().node);
            List<Map.Entry<ClojureValues.Key, long[]>> byCount = new ArrayList<>(dups);
            byCount.sort(byId);
            byCount.sort(Comparator.comparingLong(e -> e.getValue()[0]));
            Collections.reverse(byCount);
            List<Map.Entry<ClojureValues.Key, long[]>> top =
                    new ArrayList<>(byCount.subList(0, Math.min(MAX_DUPLICATED_SHOWN, byCount.size())));
            top.sort(byId);
            for (Map.Entry<ClojureValues.Key, long[]> e : top) {
                shown.add(new Object[] {e.getKey().node, e.getValue()[0]});
            }
        } catch (ClassCastException e) {
            if (compareError == null) {
                compareError = e.getMessage();
            }
            shown.clear();
            // unorderable: the first 48 duplicates in the order they were first acknowledged
            for (Map.Entry<ClojureValues.Key, long[]> d : dups.subList(0, Math.min(MAX_DUPLICATED_SHOWN, dups.size()))) {
                shown.add(new Object[] {d.getKey().node, d.getValue()[0]});
            }
        }
        Validity v = compareError != null ? Validity.UNKNOWN : Validity.of(dups.isEmpty());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("valid?", Fields.valid(v));
        fields.put("attempted-count", attempted);
        fields.put("acknowledged-count", acknowledged);
        fields.put("duplicated-count", (long) dups.size());
        Map<JsonNode, Long> duplicated = new LinkedHashMap<>();
        for (Object[] d : shown) {
            duplicated.put((JsonNode) d[0], (Long) d[1]);
        }
        fields.put("duplicated", duplicated);
        fields.put("range", Arrays.asList(min, max));
        if (compareError != null) {
            fields.put("error", compareError);
        }
        return CheckResult.of(name(), v, fields);
    }
}
