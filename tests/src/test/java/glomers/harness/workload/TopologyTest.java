package glomers.harness.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologyTest {

    private static List<String> nodes(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("n" + i);
        }
        return ids;
    }

    @Test
    void gridListsDownUpRightLeft() {
        Map<String, List<String>> grid = Topology.of("grid", nodes(5));
        // side 3: row 0 = n0 n1 n2, row 1 = n3 n4
        assertEquals(List.of("n3", "n1"), grid.get("n0"));
        assertEquals(List.of("n4", "n2", "n0"), grid.get("n1"));
        assertEquals(List.of("n1"), grid.get("n2").subList(0, 1));
        assertEquals(List.of("n0", "n4"), grid.get("n3"));
        assertEquals(List.of("n1", "n3"), grid.get("n4"));
        assertEquals(Map.of("n0", List.of()), Topology.of("grid", nodes(1)));
    }

    @Test
    void lineHasTwoEnds() {
        assertEquals(Map.of(), Topology.of("line", nodes(1)));
        Map<String, List<String>> line = Topology.of("line", nodes(4));
        assertEquals(List.of("n1"), line.get("n0"));
        assertEquals(List.of("n0", "n2"), line.get("n1"));
        assertEquals(List.of("n2"), line.get("n3"));
    }

    @Test
    void treeHandsTiersToParentsInChunks() {
        Map<String, List<String>> tree = Topology.of("tree2", nodes(7));
        assertEquals(List.of("n1", "n2"), tree.get("n0"));
        assertEquals(List.of("n0", "n3", "n4"), tree.get("n1"));
        assertEquals(List.of("n0", "n5", "n6"), tree.get("n2"));
        assertEquals(List.of("n1"), tree.get("n3"));
        Map<String, List<String>> tree3 = Topology.of("tree3", nodes(6));
        assertEquals(List.of("n1", "n2", "n3"), tree3.get("n0"));
        assertEquals(List.of("n0", "n4", "n5"), tree3.get("n1"));
        assertEquals(List.of("n0"), tree3.get("n3"));
        assertEquals(Map.of("n0", List.of()), Topology.of("tree4", nodes(1)));
    }

    @Test
    void totalConnectsEveryone() {
        assertEquals(List.of("n0", "n2"), Topology.of("total", nodes(3)).get("n1"));
    }

    @Test
    void unknownNamesAreRefusedWithTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Topology.of("star", nodes(3)));
        assertEquals(true, e.getMessage().contains("grid, line, total"));
    }
}
