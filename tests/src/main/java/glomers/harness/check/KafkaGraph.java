package glomers.harness.check;

import glomers.harness.check.elle.DepGraph;
import glomers.harness.check.elle.OrderGraphs;
import glomers.harness.check.elle.PairExplainer;
import glomers.harness.check.elle.Rel;
import glomers.harness.check.elle.Step;
import glomers.harness.history.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * jepsen.tests.kafka's dependency graph as Maelstrom runs it: wr (a message's writer precedes
 * every other completion that polled it) and, since Maelstrom's models are strict-serializable,
 * elle.txn's additional realtime graph, both over the send and poll ops. Maelstrom passes no
 * {@code :ww-deps}, so there are no ww edges, and G0 and G1c can only appear through realtime.
 * A polled message no op sent makes the analysis throw ({@code no-writer-of-value}).
 */
final class KafkaGraph {

    final DepGraph graph = new DepGraph();
    final PairExplainer explainer;
    private final KafkaOps ops;
    private final KafkaFacts facts;

    KafkaGraph(KafkaOps ops, KafkaFacts facts) {
        this.ops = ops;
        this.facts = facts;
        facts.readersOf().forEach((k, byValue) -> byValue.forEach((v, readers) -> {
            Op writer = writer(k, v);
            for (Op r : readers) {
                if (r.index() != writer.index()) {
                    graph.link(writer.index(), r.index(), Rel.WR.bit());
                }
            }
        }));
        List<Op> txnOps = new ArrayList<>();
        for (Op op : ops.clientOps) {
            if (op.f().equals("send") || op.f().equals("poll") || op.f().equals("txn")) {
                txnOps.add(op);
            }
        }
        graph.addAll(OrderGraphs.realtime(txnOps, ops::counterpart));
        explainer = PairExplainer.firstOf(List.of(this::explainWr,
                OrderGraphs.realtimeExplainer(ops::op, ops::counterpart)));
    }

    private Op writer(String k, long v) {
        Op writer = facts.writer(k, v);
        if (writer == null) {
            throw new IllegalStateException("no-writer-of-value: key " + k + " value " + v
                    + " was polled but no op sent it");
        }
        return writer;
    }

    private Step explainWr(int a, int b) {
        Op reader = ops.op(b);
        for (Map.Entry<String, List<KafkaOps.Pair>> e : ops.reads(reader).entrySet()) {
            for (KafkaOps.Pair p : e.getValue()) {
                if (writer(e.getKey(), p.value()).index() == a) {
                    return new WrStep(e.getKey(), p.value());
                }
            }
        }
        return null;
    }

    private record WrStep(String key, long value) implements Step {
        @Override
        public Rel type() {
            return Rel.WR;
        }

        @Override
        public Map<String, Object> fields() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", key);
            m.put("value", value);
            return m;
        }

        @Override
        public String render(String a, String b) {
            return a + " sent " + value + " to \"" + key + "\" which was polled by " + b;
        }
    }
}
