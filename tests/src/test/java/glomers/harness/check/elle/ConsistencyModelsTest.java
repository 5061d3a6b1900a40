package glomers.harness.check.elle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Elle's model algebra, checked against the sets and boundaries Maelstrom v0.2.4 printed. */
class ConsistencyModelsTest {

    @Test
    void readUncommittedProhibitsWriteCyclesAndBrokenVersionOrders() {
        assertEquals(Set.of("G0", "PL-1-cycle-exists", "cyclic-versions", "duplicate-elements"),
                ConsistencyModels.prohibitedBy(List.of("read-uncommitted")));
    }

    @Test
    void readCommittedAddsDirtyReadsButNeitherLostUpdatesNorInternalReads() {
        assertEquals(Set.of("G0", "G1", "G1a", "G1b", "G1c", "PL-1-cycle-exists", "PL-2-cycle-exists",
                        "cyclic-versions", "dirty-update", "duplicate-elements", "future-read", "incompatible-order"),
                ConsistencyModels.prohibitedBy(List.of("read-committed")));
    }

    @Test
    void strictSerializableProhibitsLostUpdatesInternalReadsAndRealtimeCycles() {
        Set<String> p = ConsistencyModels.prohibitedBy(List.of("strict-serializable"));
        for (String a : List.of("lost-update", "internal", "G-single-item", "G2-item", "G1c-realtime",
                "G-single-item-realtime", "G2-item-realtime", "PL-SS-cycle-exists", "G0-realtime")) {
            assertTrue(p.contains(a), a);
        }
    }

    @Test
    void anAbortedReadRulesOutReadCommittedAndEverythingAbove() {
        // Maelstrom's txn-broken-aborted-read run, :not and :also-not.
        var b = ConsistencyModels.boundary(List.of("G1a"));
        assertEquals(Set.of("read-committed"), b.not());
        assertEquals(new TreeSet<>(List.of("causal-cerone", "consistent-view", "cursor-stability",
                "forward-consistent-view", "monotonic-atomic-view", "monotonic-snapshot-read", "monotonic-view",
                "parallel-snapshot-isolation", "prefix", "read-atomic", "repeatable-read", "serializable",
                "snapshot-isolation", "strong-read-committed", "strong-serializable", "strong-session-read-committed",
                "strong-session-serializable", "strong-session-snapshot-isolation", "strong-snapshot-isolation",
                "update-atomic", "update-serializable")), b.alsoNot());
    }

    @Test
    void cyclicVersionsRuleOutReadUncommitted() {
        // Maelstrom's txn-broken-each-after-other-ru run.
        var b = ConsistencyModels.boundary(List.of("cyclic-versions"));
        assertEquals(Set.of("read-uncommitted"), b.not());
        assertTrue(b.alsoNot().containsAll(List.of("read-committed", "strong-read-uncommitted",
                "strong-session-read-uncommitted", "strong-serializable")), b.alsoNot().toString());
        assertEquals(24, b.alsoNot().size());
    }

    @Test
    void maelstromsOptionSplitsOnlyOnACommaWithSpacesAround() {
        assertEquals(List.of("read-committed", "serializable"), ConsistencyModels.parseOption("read-committed , serializable"));
        assertEquals(List.of("read-committed,serializable"), ConsistencyModels.parseOption("read-committed,serializable"));
        assertThrows(IllegalArgumentException.class,
                () -> ConsistencyModels.prohibitedBy(ConsistencyModels.parseOption("read-committed, serializable")));
    }

    @Test
    void theSearchOrderIsEllesFewestImplyingAnomaliesFirstThenByName() {
        List<String> order = CycleSpec.ALL.stream().map(CycleSpec::name).toList();
        assertEquals(List.of("G-single-item", "G0", "G-nonadjacent-item", "G-single-item-process", "G1c"),
                order.subList(0, 5));
        assertEquals(24, order.size());
    }
}
