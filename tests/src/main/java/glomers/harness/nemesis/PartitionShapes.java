package glomers.harness.nemesis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The four partition shapes of Jepsen's combined nemesis (nemesis/combined.clj, nemesis.clj),
 * each as a grudge: receiver id -> the senders it drops.
 */
public final class PartitionShapes {

    /** Maelstrom's four shapes, drawn uniformly at each partition start. */
    public static final List<String> SPECS = List.of("one", "majority", "minority-third", "majorities-ring");

    /**
     * Beyond Maelstrom: "first" cuts off the first node of the list alone, which is the one a
     * node tends to make special (a hub, a leader), for scenarios that must hit it every time;
     * "one-way" splits the nodes into halves where one half hears the other but not the other
     * way round (a link that drops messages in one direction only); "bridge" splits them into
     * two halves that each reach one middle node but not each other (Jepsen's bridge).
     */
    public static final List<String> ALL =
            List.of("one", "majority", "minority-third", "majorities-ring", "first", "one-way", "bridge");

    private PartitionShapes() {
    }

    public static Map<String, Set<String>> grudge(String spec, List<String> nodes, SplittableRandom random) {
        return switch (spec) {
            case "one" -> {
                List<String> shuffled = shuffle(nodes, random);
                yield complete(shuffled.subList(0, 1), shuffled.subList(1, shuffled.size()), nodes);
            }
            case "majority" -> {
                List<String> shuffled = shuffle(nodes, random);
                int cut = nodes.size() / 2;
                yield complete(shuffled.subList(0, cut), shuffled.subList(cut, shuffled.size()), nodes);
            }
            case "minority-third" -> {
                List<String> shuffled = shuffle(nodes, random);
                int cut = (nodes.size() - 1) / 3;
                yield complete(shuffled.subList(0, cut), shuffled.subList(cut, shuffled.size()), nodes);
            }
            case "first" -> complete(nodes.subList(0, 1), nodes.subList(1, nodes.size()), nodes);
            case "one-way" -> {
                List<String> shuffled = shuffle(nodes, random);
                int cut = nodes.size() / 2;
                yield oneWay(shuffled.subList(0, cut), shuffled.subList(cut, shuffled.size()));
            }
            case "bridge" -> {
                List<String> shuffled = shuffle(nodes, random);
                int cut = (nodes.size() - 1) / 2;
                yield bridge(shuffled.subList(0, cut), shuffled.get(cut), shuffled.subList(cut + 1, shuffled.size()));
            }
            case "majorities-ring" -> nodes.size() <= 5 ? ringPerfect(nodes, random) : ringStochastic(nodes, random);
            default -> throw new IllegalArgumentException("unknown partition spec " + spec);
        };
    }

    /** Jepsen's complete-grudge: every node drops everything outside its own component. */
    private static Map<String, Set<String>> complete(List<String> a, List<String> b, List<String> all) {
        Map<String, Set<String>> grudge = new LinkedHashMap<>();
        for (List<String> component : List.of(a, b)) {
            for (String node : component) {
                Set<String> others = new TreeSet<>(all);
                others.removeAll(component);
                grudge.put(node, others);
            }
        }
        return grudge;
    }

    /** {@code deaf} drops everything from {@code unheard}; {@code unheard} still hears {@code deaf}. */
    private static Map<String, Set<String>> oneWay(List<String> deaf, List<String> unheard) {
        Map<String, Set<String>> grudge = new LinkedHashMap<>();
        for (String node : deaf) {
            grudge.put(node, new TreeSet<>(unheard));
        }
        return grudge;
    }

    /** The halves drop each other both ways; the middle node hears and is heard by everyone. */
    private static Map<String, Set<String>> bridge(List<String> a, String middle, List<String> b) {
        Map<String, Set<String>> grudge = new LinkedHashMap<>();
        for (String node : a) {
            grudge.put(node, new TreeSet<>(b));
        }
        for (String node : b) {
            grudge.put(node, new TreeSet<>(a));
        }
        return grudge;
    }

    /**
     * n <= 5: shuffle into a ring; each window of m = n/2+1 consecutive nodes belongs to its
     * middle element, which drops every node outside the window.
     */
    private static Map<String, Set<String>> ringPerfect(List<String> nodes, SplittableRandom random) {
        int n = nodes.size();
        int m = n / 2 + 1;
        List<String> ring = shuffle(nodes, random);
        Map<String, Set<String>> grudge = new LinkedHashMap<>();
        for (int start = 0; start < n; start++) {
            List<String> window = new ArrayList<>();
            for (int k = 0; k < m; k++) {
                window.add(ring.get((start + k) % n));
            }
            Set<String> outside = new TreeSet<>(nodes);
            outside.removeAll(window);
            grudge.put(window.get(m / 2), outside);
        }
        return grudge;
    }

    /**
     * n > 5: a random symmetric graph where every node links to at least m nodes counting
     * itself; built by repeatedly linking the least-linked node to the least-linked node it
     * lacks (ties broken by a shuffled order). Every unlinked pair is dropped both ways.
     */
    private static Map<String, Set<String>> ringStochastic(List<String> nodes, SplittableRandom random) {
        int m = nodes.size() / 2 + 1;
        List<String> order = shuffle(nodes, random);
        Map<String, Set<String>> links = new LinkedHashMap<>();
        for (String node : order) {
            links.put(node, new LinkedHashSet<>(List.of(node)));
        }
        while (true) {
            String a = leastLinked(order, links, null);
            if (links.get(a).size() >= m) {
                break;
            }
            String b = leastLinked(order, links, links.get(a));
            links.get(a).add(b);
            links.get(b).add(a);
        }
        Map<String, Set<String>> grudge = new LinkedHashMap<>();
        for (String node : order) {
            Set<String> outside = new TreeSet<>(nodes);
            outside.removeAll(links.get(node));
            grudge.put(node, outside);
        }
        return grudge;
    }

    private static String leastLinked(List<String> order, Map<String, Set<String>> links, Set<String> excluded) {
        String best = null;
        for (String node : order) {
            if (excluded != null && excluded.contains(node)) {
                continue;
            }
            if (best == null || links.get(node).size() < links.get(best).size()) {
                best = node;
            }
        }
        return best;
    }

    static List<String> shuffle(List<String> nodes, SplittableRandom random) {
        List<String> copy = new ArrayList<>(nodes);
        for (int i = copy.size() - 1; i > 0; i--) {
            Collections.swap(copy, i, random.nextInt(i + 1));
        }
        return copy;
    }
}
