package glomers.harness.check.elle;

import static glomers.harness.check.elle.Graphs.WW;
import static glomers.harness.check.elle.Graphs.e;
import static glomers.harness.check.elle.Graphs.graph;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SccsTest {

    @Test
    void twoCyclesJoinedOneWayAreTwoComponentsAndTheChainBetweenIsNone() {
        DepGraph g = graph(e(1, 2, WW), e(2, 1, WW), e(2, 3, WW), e(3, 4, WW), e(4, 5, WW), e(5, 4, WW), e(5, 6, WW));
        List<int[]> sccs = Sccs.of(g);
        assertEquals(2, sccs.size());
        assertArrayEquals(new int[] {1, 2}, sccs.get(0));
        assertArrayEquals(new int[] {4, 5}, sccs.get(1));
    }

    @Test
    void aSelfEdgeCountsOnlyWhereElleCountsIt() {
        DepGraph g = graph(e(7, 7, WW), e(7, 8, WW));
        assertEquals(0, Sccs.of(g).size(), "the top-level search skips single ops");
        assertEquals(1, Sccs.withSelfLoops(g).size(), "cycle-exists counts an op with an edge to itself");
        assertArrayEquals(new int[] {7}, Sccs.withSelfLoops(g).get(0));
    }

    @Test
    void aLongChainClosedIntoOneCycleDoesNotOverflowTheStack() {
        DepGraph g = new DepGraph();
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            g.link(i, (i + 1) % n, WW);
        }
        List<int[]> sccs = Sccs.of(g);
        assertEquals(1, sccs.size());
        assertEquals(n, sccs.get(0).length);
    }

    @Test
    void unlinkingKeepsTheVerticesAsElleDoes() {
        DepGraph g = graph(e(3, 3, WW));
        g.unlink(3, 3);
        assertEquals(1, g.vertexCount());
        assertEquals(0, g.edgeCount());
    }
}
