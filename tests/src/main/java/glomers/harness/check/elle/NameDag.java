package glomers.harness.check.elle;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** A small directed graph of names (anomalies, consistency models), as Elle's map->dag builds them. */
final class NameDag {

    private final Map<String, Set<String>> out = new LinkedHashMap<>();
    private final Map<String, Set<String>> in = new LinkedHashMap<>();

    /** Links each key to each of its values; keys repeated across calls merge. */
    NameDag link(String from, String... to) {
        for (String t : to) {
            out.computeIfAbsent(from, k -> new LinkedHashSet<>()).add(t);
            in.computeIfAbsent(t, k -> new LinkedHashSet<>()).add(from);
            out.computeIfAbsent(t, k -> new LinkedHashSet<>());
            in.computeIfAbsent(from, k -> new LinkedHashSet<>());
        }
        return this;
    }

    Set<String> vertices() {
        return out.keySet();
    }

    Set<String> out(String v) {
        return out.getOrDefault(v, Set.of());
    }

    Set<String> in(String v) {
        return in.getOrDefault(v, Set.of());
    }

    /** The starts and everything reachable from them forwards (Bifurcan's bfsVertices with g/out). */
    Set<String> reachableOut(Collection<String> starts) {
        return bfs(starts, true);
    }

    /** The starts and everything that reaches them. */
    Set<String> reachableIn(Collection<String> starts) {
        return bfs(starts, false);
    }

    private Set<String> bfs(Collection<String> starts, boolean forwards) {
        Set<String> seen = new LinkedHashSet<>(starts);
        Deque<String> queue = new ArrayDeque<>(starts);
        while (!queue.isEmpty()) {
            for (String next : forwards ? out(queue.poll()) : in(queue.poll())) {
                if (seen.add(next)) {
                    queue.add(next);
                }
            }
        }
        return seen;
    }

    /** Elle's topo-depths: vertices with no inbound edge are 0, then peel them off and repeat. */
    Map<String, Integer> topoDepths() {
        Map<String, Integer> remainingIn = new LinkedHashMap<>();
        out.keySet().forEach(v -> remainingIn.put(v, in(v).size()));
        Map<String, Integer> depth = new LinkedHashMap<>();
        int d = 0;
        while (!remainingIn.isEmpty()) {
            Set<String> top = new LinkedHashSet<>();
            remainingIn.forEach((v, n) -> {
                if (n == 0) {
                    top.add(v);
                }
            });
            if (top.isEmpty()) {
                throw new IllegalStateException("not a DAG: " + remainingIn.keySet());
            }
            for (String v : top) {
                depth.put(v, d);
                remainingIn.remove(v);
                for (String w : out(v)) {
                    remainingIn.computeIfPresent(w, (k, n) -> n - 1);
                }
            }
            d++;
        }
        return depth;
    }
}
