package glomers.harness.check.elle;

import static glomers.harness.check.elle.Graphs.RT;
import static glomers.harness.check.elle.Graphs.RW;
import static glomers.harness.check.elle.Graphs.WR;
import static glomers.harness.check.elle.Graphs.WW;
import static glomers.harness.check.elle.Graphs.anomalies;
import static glomers.harness.check.elle.Graphs.cycle;
import static glomers.harness.check.elle.Graphs.e;
import static glomers.harness.check.elle.Graphs.graph;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each cycle class Elle names, planted in a small graph, found and named as Elle names it. */
class CycleAnomaliesTest {

    @Test
    void aWriteCycleIsG0AndMakesItsExistenceProofRedundant() {
        var a = anomalies(graph(e(1, 2, WW), e(2, 1, WW)));
        assertEquals(Set.of("G0"), a.keySet());
        assertEquals(List.of(1, 2, 1), cycle(a.get("G0").get(0)));
        assertEquals(List.of("ww", "ww"), stepTypes(a.get("G0").get(0)));
    }

    @Test
    void wwEdgesThatAreAlsoReadsAreExplainedAsReadsSoTheCycleIsG1cAndPl1StillExists() {
        // rw-register's inferred ww edges always come with a wr edge: Elle then reports G1c and
        // keeps PL-1-cycle-exists, as Maelstrom's no-isolation demo run shows.
        var a = anomalies(graph(e(1, 2, WW | WR), e(2, 1, WW | WR)));
        assertEquals(Set.of("G1c", "PL-1-cycle-exists"), a.keySet());
        Map<String, Object> exists = a.get("PL-1-cycle-exists").get(0);
        assertEquals("read-uncommitted", exists.get("not"));
        assertEquals(List.of("union", "ww", "wwp"), exists.get("subgraph"));
        assertEquals(2, exists.get("scc-size"));
        assertEquals(List.of(1, 2), exists.get("scc"));
    }

    @Test
    void oneAntiDependencyClosingAReadChainIsGSingleItem() {
        var a = anomalies(graph(e(1, 2, WR), e(2, 1, RW)));
        assertEquals(Set.of("G-single-item"), a.keySet());
        assertEquals(List.of("rw", "wr"), stepTypes(a.get("G-single-item").get(0)), "the search starts on the rw edge");
    }

    @Test
    void twoAdjacentAntiDependenciesAreG2Item() {
        var a = anomalies(graph(e(1, 2, RW), e(2, 1, RW)));
        assertEquals(Set.of("G2-item"), a.keySet());
    }

    @Test
    void antiDependenciesSeparatedByReadsAreGNonadjacentItem() {
        var a = anomalies(graph(e(1, 2, RW), e(2, 3, WR), e(3, 4, RW), e(4, 1, WR)));
        assertEquals(Set.of("G-nonadjacent-item"), a.keySet(), "G2-item is implied, so not searched for");
        assertEquals(List.of(1, 2, 3, 4, 1), cycle(a.get("G-nonadjacent-item").get(0)));
    }

    @Test
    void aReadFollowedInRealTimeByItsWriterIsG1cRealtime() {
        var a = anomalies(graph(e(1, 2, WR), e(2, 1, RT)));
        assertEquals(Set.of("G1c-realtime"), a.keySet());
        assertEquals(List.of("wr", "realtime"), stepTypes(a.get("G1c-realtime").get(0)));
    }

    @Test
    void theCycleReportedIsTheShortestThroughItsFirstEdge() {
        var a = anomalies(graph(e(1, 3, WW), e(3, 4, WW), e(4, 5, WW), e(5, 1, WW), e(1, 2, WW), e(2, 1, WW)));
        assertEquals(List.of(1, 2, 1), cycle(a.get("G0").get(0)));
    }

    @Test
    void eachComponentReportsItsOwnCycle() {
        var a = anomalies(graph(e(1, 2, WR), e(2, 1, WR), e(2, 3, WR), e(3, 4, WR), e(4, 3, WR)));
        assertEquals(2, a.get("G1c").size());
        assertEquals(List.of(1, 2, 1), cycle(a.get("G1c").get(0)));
        assertEquals(List.of(3, 4, 3), cycle(a.get("G1c").get(1)));
    }

    @Test
    void aFigureEightIsTwoSingleAntiDependencyCyclesNotOneWithTwo() {
        // Op 1 is on both loops; the walk through both has two rw edges but visits 1 twice.
        DepGraph g = graph(e(1, 2, RW), e(2, 1, WR), e(1, 3, RW), e(3, 1, WR));
        Csr csr = Csr.of(g);
        int[] labels = new int[csr.rels.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = Integer.lowestOneBit(csr.rels[i]);
        }
        CycleSearch search = new CycleSearch(csr, labels, new CycleSearch.Budget(1_000));
        assertNull(search.find(spec("G2-item")));
        assertNull(search.find(spec("G-nonadjacent-item")));
        assertNotNull(search.find(spec("G-single-item")));
    }

    @Test
    void aCycleExplainsItselfStepByStep() {
        var a = anomalies(graph(e(1, 2, WR), e(2, 1, WR)));
        String text = (String) a.get("G1c").get(0).get("explanation");
        assertTrue(text.startsWith("Let:\n  T1 = {\"index\":1,"), text);
        assertTrue(text.contains("Then:\n  - T1 < T2, because T1 wr T2.\n  - However, T2 < T1, because T2 wr T1: "
                + "a contradiction!"), text);
    }

    @Test
    void aSearchThatSpendsItsBudgetSaysSoAndKeepsItsExistenceProofs() {
        DepGraph g = graph(e(1, 2, RW), e(2, 3, WR), e(3, 4, RW), e(4, 1, WR));
        var a = CycleAnomalies.find(g, Graphs.explainer(g), CycleAnomalies.DATA_FIRST, Graphs.OPS, 2);
        assertTrue(a.containsKey("cycle-search-timeout"), a.keySet().toString());
        assertEquals(4, a.get("cycle-search-timeout").get(0).get("scc-size"));
        assertTrue(a.containsKey("PL-SI-cycle-exists") || a.containsKey("PL-2.99-cycle-exists"), a.keySet().toString());
    }

    @Test
    void existenceProofsFollowEllesModelOrderAndSnapshotIsolationCountsAComposedSelfEdge() {
        // wr then rw back: no ww/wr cycle (read committed is possible), but one wr;rw hop closes
        // on op 1 itself, so snapshot isolation cannot hold; repeatable read is proved separately.
        List<Map<String, Object>> cases = CycleAnomalies.existsCases(graph(e(1, 2, WR), e(2, 1, RW)));
        assertEquals(List.of("PL-SI-cycle-exists", "PL-2.99-cycle-exists"),
                cases.stream().map(c -> c.get("type")).toList());
        assertEquals(List.of(1), cases.get(0).get("scc"));
        assertEquals(List.of("extension", List.of("union", "ww", "wwp", "wr", "wrp"), List.of("union", "rw", "rwp")),
                cases.get(0).get("subgraph"));
        assertEquals(Set.of("G0", "G0-process", "G0-realtime", "G1c", "G1c-process", "G1c-realtime"),
                CycleAnomalies.impossibleCycleTypes(cases),
                "read committed and its strong forms are possible, so no G0 or G1c of any kind can be there");
    }

    private static CycleSpec spec(String name) {
        return CycleSpec.ALL.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> stepTypes(Map<String, Object> anomaly) {
        return ((List<?>) anomaly.get("steps")).stream().map(s -> (String) ((Map<?, ?>) s).get("type")).toList();
    }
}
