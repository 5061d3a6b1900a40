package glomers.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import glomers.harness.history.History;
import glomers.harness.history.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The charts shade each fault from its nemesis ops, each written twice as Jepsen writes them. */
class FaultMarksTest {

    private final History history = new History();

    private void nemesis(String f, JsonNode value, double seconds) {
        long at = (long) (seconds * 1e9);
        history.add(Op.NEMESIS, Op.Type.INFO, f, value, at, false, null);
        history.add(Op.NEMESIS, Op.Type.INFO, f, value, at, false, null);
    }

    @Test
    void crashesPausesPartitionsAndClockStepsEachGetTheirMark() {
        nemesis("start-partition", TextNode.valueOf("majority"), 1);
        nemesis("kill", TextNode.valueOf("n1"), 2);
        nemesis("pause", TextNode.valueOf("n2"), 3);
        nemesis("clock-step", JsonNodeFactory.instance.arrayNode().add("n0").add(-4000), 4);
        nemesis("resume", TextNode.valueOf("n2"), 5);
        nemesis("stop-partition", TextNode.valueOf("network-healed"), 6);
        nemesis("start", TextNode.valueOf("n1"), 7);
        nemesis("pause", TextNode.valueOf("n0"), 8);
        history.add(1, Op.Type.INVOKE, "read", null, 9_000_000_000L, false, null);

        FaultMarks marks = FaultMarks.of(history.ops());

        assertEquals(List.of(
                new FaultMarks.Span(FaultMarks.PARTITION, 1, 6),
                new FaultMarks.Span(FaultMarks.PAUSE, 3, 5),
                new FaultMarks.Span(FaultMarks.CRASH, 2, 7),
                new FaultMarks.Span(FaultMarks.PAUSE, 8, 9)), marks.spans(), "a pause still on lasts to the end");
        assertEquals(List.of(4.0), marks.clockSteps());
    }
}
