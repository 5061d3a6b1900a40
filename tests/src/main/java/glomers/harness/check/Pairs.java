package glomers.harness.check;

import glomers.harness.history.History;
import glomers.harness.history.Op;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each client op's counterpart, by process as Jepsen pairs them: a completion (ok, fail or info)
 * closes the one invocation its process has open. Nemesis events are never paired. A process
 * that invokes while an op is open, or completes with none open, is a malformed history and
 * throws, as knossos's {@code pairs} asserts.
 */
final class Pairs {

    private final int[] counterpart;

    private Pairs(int[] counterpart) {
        this.counterpart = counterpart;
    }

    static Pairs of(History history) {
        List<Op> ops = history.ops();
        int[] counterpart = new int[ops.size()];
        Arrays.fill(counterpart, -1);
        Map<Long, Op> open = new HashMap<>();
        for (Op op : ops) {
            if (!op.isClient()) {
                continue;
            }
            if (op.isInvoke()) {
                Op prior = open.put(op.process(), op);
                if (prior != null) {
                    throw new IllegalStateException("Process " + op.process() + " is still executing op "
                            + prior.index() + " and cannot invoke op " + op.index());
                }
            } else {
                Op inv = open.remove(op.process());
                if (inv == null) {
                    throw new IllegalStateException("Process " + op.process() + " completes op "
                            + op.index() + " without invoking it first");
                }
                counterpart[op.index()] = inv.index();
                counterpart[inv.index()] = op.index();
            }
        }
        return new Pairs(counterpart);
    }

    /** The invocation of a completion, the completion of an invocation, or -1 if none. */
    int counterpart(int index) {
        return counterpart[index];
    }
}
