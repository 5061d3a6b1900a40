package glomers.harness.workload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The neighbour maps Maelstrom's broadcast workload sends in its {@code topology} message,
 * built from the node list in order exactly as {@code maelstrom.workload.broadcast} builds them
 * (neighbour order included), so nodes that read the hint see what Maelstrom would send.
 */
public final class Topology {

    public static final List<String> NAMES = List.of("grid", "line", "total", "tree", "tree2", "tree3", "tree4");

    private Topology() {
    }

    /** @throws IllegalArgumentException for a name not in {@link #NAMES} */
    public static Map<String, List<String>> of(String name, List<String> nodes) {
        return switch (name) {
            case "grid" -> grid(nodes);
            case "line" -> line(nodes);
            case "total" -> total(nodes);
            case "tree", "tree2" -> tree(2, nodes);
            case "tree3" -> tree(3, nodes);
            case "tree4" -> tree(4, nodes);
            default -> throw new IllegalArgumentException("unknown topology '" + name + "'; valid: " + String.join(", ", NAMES));
        };
    }

    /** A roughly square grid: neighbours down, up, right, left, where they exist. */
    static Map<String, List<String>> grid(List<String> nodes) {
        int n = nodes.size();
        int side = (int) Math.ceil(Math.sqrt(n));
        Map<String, List<String>> topology = new LinkedHashMap<>();
        for (int i = 0; i < side; i++) {
            for (int j = 0; j < side; j++) {
                String node = at(nodes, side, i, j);
                if (node == null) {
                    continue;
                }
                List<String> neighbours = new ArrayList<>();
                for (String each : new String[] {at(nodes, side, i + 1, j), at(nodes, side, i - 1, j),
                        at(nodes, side, i, j + 1), at(nodes, side, i, j - 1)}) {
                    if (each != null) {
                        neighbours.add(each);
                    }
                }
                topology.put(node, neighbours);
            }
        }
        return topology;
    }

    private static String at(List<String> nodes, int side, int i, int j) {
        if (i < 0 || j < 0 || j >= side) {
            return null;
        }
        int index = i * side + j;
        return index < nodes.size() ? nodes.get(index) : null;
    }

    /** One line: the ends have one neighbour, the others [left, right]; empty below two nodes. */
    static Map<String, List<String>> line(List<String> nodes) {
        int n = nodes.size();
        Map<String, List<String>> topology = new LinkedHashMap<>();
        if (n < 2) {
            return topology;
        }
        topology.put(nodes.get(0), List.of(nodes.get(1)));
        topology.put(nodes.get(n - 1), List.of(nodes.get(n - 2)));
        for (int k = 1; k < n - 1; k++) {
            topology.put(nodes.get(k), List.of(nodes.get(k - 1), nodes.get(k + 1)));
        }
        return topology;
    }

    static Map<String, List<String>> total(List<String> nodes) {
        Map<String, List<String>> topology = new LinkedHashMap<>();
        for (String node : nodes) {
            List<String> others = new ArrayList<>(nodes);
            others.remove(node);
            topology.put(node, others);
        }
        return topology;
    }

    /**
     * Tiers of size 1, b, b², ... filled in list order; each tier is handed to the parents above
     * in consecutive chunks of b. Neighbours are [parent, children...].
     */
    static Map<String, List<String>> tree(int b, List<String> nodes) {
        Map<String, List<String>> topology = new LinkedHashMap<>();
        if (nodes.isEmpty()) {
            return topology;
        }
        List<List<String>> tiers = new ArrayList<>();
        int start = 0;
        for (int size = 1; start < nodes.size(); size *= b) {
            tiers.add(nodes.subList(start, Math.min(nodes.size(), start + size)));
            start += size;
        }
        Map<String, String> parents = new LinkedHashMap<>();
        Map<String, List<String>> children = new LinkedHashMap<>();
        for (String node : nodes) {
            children.put(node, new ArrayList<>());
        }
        for (int t = 1; t < tiers.size(); t++) {
            List<String> above = tiers.get(t - 1);
            List<String> tier = tiers.get(t);
            for (int k = 0; k < tier.size(); k++) {
                String parent = above.get(k / b);
                parents.put(tier.get(k), parent);
                children.get(parent).add(tier.get(k));
            }
        }
        // Depth-first, parents before children, as Maelstrom's zipper walks the tree.
        visit(tiers.get(0).get(0), parents, children, topology);
        return topology;
    }

    private static void visit(String node, Map<String, String> parents, Map<String, List<String>> children,
                              Map<String, List<String>> topology) {
        List<String> neighbours = new ArrayList<>();
        if (parents.containsKey(node)) {
            neighbours.add(parents.get(node));
        }
        neighbours.addAll(children.get(node));
        topology.put(node, neighbours);
        for (String child : children.get(node)) {
            visit(child, parents, children, topology);
        }
    }
}
