package glomers.harness.check.elle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.NullNode;
import glomers.harness.history.History;
import glomers.harness.history.Op;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderGraphsTest {

    private final History h = new History();
    private final Map<Integer, Integer> pairs = new HashMap<>();
    private final Map<Long, Integer> open = new HashMap<>();

    private int op(long process, Op.Type type, long timeMs) {
        Op op = h.add(process, type, "txn", NullNode.getInstance(), timeMs * 1_000_000L, false, null);
        if (type == Op.Type.INVOKE) {
            open.put(process, op.index());
        } else {
            int inv = open.remove(process);
            pairs.put(inv, op.index());
            pairs.put(op.index(), inv);
        }
        return op.index();
    }

    @Test
    void realtimeLinksEachOkToLaterInvocationsCompletionsOnlyUntilSomethingFollowsIt() {
        op(0, Op.Type.INVOKE, 0);
        int a = op(0, Op.Type.OK, 1);
        op(1, Op.Type.INVOKE, 2);
        op(2, Op.Type.INVOKE, 3);
        int b = op(1, Op.Type.OK, 4);
        int c = op(2, Op.Type.INFO, 5);
        op(0, Op.Type.INVOKE, 6);
        int d = op(0, Op.Type.OK, 7);
        DepGraph g = OrderGraphs.realtime(h.ops(), i -> pairs.getOrDefault(i, -1));
        assertEquals(Rel.REALTIME.bit(), g.rels(a, b));
        assertEquals(Rel.REALTIME.bit(), g.rels(a, c), "an :info completion still follows what completed before it");
        assertEquals(Rel.REALTIME.bit(), g.rels(b, d));
        assertEquals(0, g.rels(a, d), "b follows a, so a's link to d goes through b");
        assertEquals(0, g.rels(c, d), "nothing follows an :info op");
    }

    @Test
    void theRealtimeExplainerSaysHowLongBefore() {
        op(0, Op.Type.INVOKE, 0);
        int a = op(0, Op.Type.OK, 1000);
        op(1, Op.Type.INVOKE, 1250);
        int b = op(1, Op.Type.OK, 1300);
        PairExplainer ex = OrderGraphs.realtimeExplainer(h.ops()::get, i -> pairs.getOrDefault(i, -1));
        assertEquals("T1 completed at index 1, 0.250 seconds before the invocation of T2, at index 2",
                ex.explain(a, b).render("T1", "T2"));
        assertNull(ex.explain(b, a));
    }

    @Test
    void processOrderLinksEachProcesssOkOpsInTurn() {
        op(0, Op.Type.INVOKE, 0);
        int a = op(0, Op.Type.OK, 1);
        op(0, Op.Type.INVOKE, 2);
        op(0, Op.Type.FAIL, 3);
        op(0, Op.Type.INVOKE, 4);
        int b = op(0, Op.Type.OK, 5);
        DepGraph g = OrderGraphs.process(h.ops());
        assertEquals(List.of(b), List.of(g.successors(a)[0]));
        assertEquals("process 0 executed T1 before T2",
                OrderGraphs.processExplainer(h.ops()::get).explain(a, b).render("T1", "T2"));
    }
}
