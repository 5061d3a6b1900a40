package glomers.harness.run;

import com.fasterxml.jackson.databind.JsonNode;
import glomers.harness.check.RunFacts.NetCounts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Beyond Maelstrom: whether every node, read after the run, holds the same value for every key
 * the history wrote. Maelstrom cannot see a store that never replicates (each node answers from
 * its own copy, and read committed allows every such read), so this is reported beside its
 * verdict, by name, and a run that does not converge exits 1 while the verdict stays Maelstrom's.
 *
 * @param keys           the keys read on every node, as JSON text
 * @param answered       nodes that answered every read, in node order
 * @param unanswered     nodes that did not within the phase's budget, with the last problem
 * @param disagreements  every key on which the answering nodes differ, each with each node's value
 * @param requests       read requests sent, retries included
 * @param settleSeconds  the wait between the heal and the first read
 * @param phaseSeconds   from the heal to the last answer
 * @param messages       the phase's messages (the settle's gossip included): all, clients, servers;
 *                       never counted in Maelstrom's net figures
 */
public record ConvergenceReport(List<String> keys, List<String> answered, Map<String, String> unanswered,
                                Map<String, Map<String, JsonNode>> disagreements, long requests, double settleSeconds,
                                double phaseSeconds, Map<String, NetCounts> messages) {

    /** Disagreeing keys result.json lists in full: the count is always there. */
    static final int LISTED = 5;

    /** Compares each node's values, key by key (by JSON text: 3 and 3.0 differ, as in Clojure). */
    static ConvergenceReport compare(List<String> keys, Map<String, Map<String, JsonNode>> valuesByNode,
                                     Map<String, String> unanswered, long requests, double settleSeconds,
                                     double phaseSeconds, Map<String, NetCounts> messages) {
        Map<String, Map<String, JsonNode>> disagreements = new LinkedHashMap<>();
        for (String key : keys) {
            Map<String, JsonNode> byNode = new LinkedHashMap<>();
            valuesByNode.forEach((node, values) -> byNode.put(node, values.get(key)));
            if (byNode.values().stream().map(String::valueOf).distinct().count() > 1) {
                disagreements.put(key, byNode);
            }
        }
        return new ConvergenceReport(List.copyOf(keys), List.copyOf(valuesByNode.keySet()),
                java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(unanswered)),
                disagreements, requests, settleSeconds, phaseSeconds, messages);
    }

    public boolean converged() {
        return unanswered.isEmpty() && disagreements.isEmpty();
    }

    /** One line: "2 nodes agree on all 1612 keys", or what failed, naming nodes and counts. */
    public String summary() {
        if (converged()) {
            return String.format(Locale.ROOT, "converged: %d node%s agree on all %d keys", answered.size(),
                    answered.size() == 1 ? "" : "s", keys.size());
        }
        List<String> parts = new ArrayList<>();
        if (!disagreements.isEmpty()) {
            String who = answered.size() == 2 ? answered.get(0) + " and " + answered.get(1) : "the nodes";
            parts.add(String.format(Locale.ROOT, "%s disagree on %d of %d keys", who, disagreements.size(), keys.size()));
        }
        if (!unanswered.isEmpty()) {
            parts.add(String.join(", ", unanswered.keySet()) + " did not answer");
        }
        return "FAILED (" + String.join("; ", parts) + ")";
    }

    /** result.json's {@code convergence}. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("converged", converged());
        m.put("summary", summary());
        m.put("nodes", answered.size() + unanswered.size());
        m.put("nodes-compared", answered);
        m.put("keys", keys.size());
        m.put("disagreeing-key-count", disagreements.size());
        List<Map<String, Object>> first = new ArrayList<>();
        for (Map.Entry<String, Map<String, JsonNode>> e : disagreements.entrySet()) {
            if (first.size() == LISTED) {
                break;
            }
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("key", e.getKey());
            one.put("values", e.getValue());
            first.add(one);
        }
        m.put("first-disagreements", first);
        m.put("unanswered", unanswered);
        m.put("read-requests", requests);
        m.put("settle-seconds", settleSeconds);
        m.put("phase-seconds", phaseSeconds);
        Map<String, Object> net = new LinkedHashMap<>();
        messages.forEach((group, n) -> net.put(group, Reports.counts(n, -1)));
        m.put("messages-not-in-net", net);
        return m;
    }
}
