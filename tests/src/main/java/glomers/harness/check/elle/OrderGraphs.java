package glomers.harness.check.elle;

import glomers.harness.history.HistoryFile;
import glomers.harness.history.Op;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/**
 * The order graphs Elle adds when the models demand them (elle.core): the realtime order, a
 * transitive reduction of "a completed ok before b was invoked", and the process order of each
 * process's ok ops. Vertices are completions, as in every Elle graph.
 */
public final class OrderGraphs {

    private OrderGraphs() {
    }

    /**
     * elle.core's realtime-graph over the client ops in history order: at each invocation, every
     * buffered ok completion precedes the invocation's completion (whatever its type); each ok
     * completion joins the buffer and pushes out the ones it already follows.
     *
     * @param completion the index of an invocation's completion, or -1 if it never completed
     */
    public static DepGraph realtime(List<Op> clientOps, IntUnaryOperator completion) {
        DepGraph g = new DepGraph();
        Set<Integer> buffer = new LinkedHashSet<>();
        int bit = Rel.REALTIME.bit();
        for (Op op : clientOps) {
            switch (op.type()) {
                case INVOKE -> {
                    int c = completion.applyAsInt(op.index());
                    if (c >= 0) {
                        for (int ok : buffer) {
                            g.link(ok, c, bit);
                        }
                    }
                }
                case OK -> {
                    for (int before : g.predecessors(op.index())) {
                        buffer.remove(before);
                    }
                    buffer.add(op.index());
                }
                case FAIL, INFO -> { }
            }
        }
        return g;
    }

    /** elle.core's process-graph: each process's ok ops in order. */
    public static DepGraph process(List<Op> clientOps) {
        DepGraph g = new DepGraph();
        Map<Long, Integer> last = new HashMap<>();
        for (Op op : clientOps) {
            if (op.isOk()) {
                Integer prev = last.put(op.process(), op.index());
                if (prev != null) {
                    g.link(prev, op.index(), Rel.PROCESS.bit());
                }
            }
        }
        return g;
    }

    /** elle.core's RealtimeExplainer: a completed before b's invocation. */
    public static PairExplainer realtimeExplainer(IntFunction<Op> ops, IntUnaryOperator invocation) {
        return (a, b) -> {
            int inv = invocation.applyAsInt(b);
            if (inv < 0 || a >= inv) {
                return null;
            }
            Op done = ops.apply(a);
            Op invoked = ops.apply(inv);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("a'", HistoryFile.line(done));
            fields.put("b", HistoryFile.line(invoked));
            return new OrderStep(Rel.REALTIME, fields, (x, y) -> {
                long dt = invoked.timeNanos() - done.timeNanos();
                String gap = dt > 0 ? String.format(Locale.ROOT, " %.3f seconds", dt / 1e9) : " just";
                return x + " completed at index " + a + "," + gap + " before the invocation of " + y
                        + ", at index " + inv;
            });
        };
    }

    /** elle.core's ProcessExplainer: the same process ran a before b. */
    public static PairExplainer processExplainer(IntFunction<Op> ops) {
        return (a, b) -> {
            Op x = ops.apply(a);
            Op y = ops.apply(b);
            if (x.process() != y.process() || a >= b) {
                return null;
            }
            return new OrderStep(Rel.PROCESS, Map.of("process", x.process()),
                    (an, bn) -> "process " + x.process() + " executed " + an + " before " + bn);
        };
    }

    private record OrderStep(Rel type, Map<String, Object> fields, Renderer renderer) implements Step {
        @Override
        public String render(String a, String b) {
            return renderer.render(a, b);
        }
    }

    @FunctionalInterface
    private interface Renderer {
        String render(String a, String b);
    }
}
