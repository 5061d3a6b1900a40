package glomers.harness.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientJournalTest {

    @Test
    void aListAfterACommitOnTheSameNodeMustNotReturnLess() {
        KafkaClientJournal j = new KafkaClientJournal();
        j.committed("n0", Map.of("k", 5L));
        j.listed("n0", j.invoked(), List.of("k"), Map.of("k", 3L));
        j.listed("n0", j.invoked(), List.of("k"), Map.of());
        assertEquals(List.of("node n0 listed key k at 3 after acknowledging a commit of 5",
                "node n0 listed key k at none after acknowledging a commit of 5"), j.backwards());
    }

    @Test
    void concurrentOpsAndOtherNodesSetNoFloor() {
        KafkaClientJournal j = new KafkaClientJournal();
        long early = j.invoked();
        j.committed("n0", Map.of("k", 5L));
        j.listed("n0", early, List.of("k"), Map.of("k", 3L)); // invoked before the commit completed
        j.listed("n1", j.invoked(), List.of("k"), Map.of()); // another node may lag
        j.listed("n0", j.invoked(), List.of("k"), Map.of("k", 6L));
        assertEquals(List.of(), j.backwards());
    }
}
