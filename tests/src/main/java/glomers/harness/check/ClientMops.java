package glomers.harness.check;

import glomers.harness.history.Op;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * A transactional history's client ops, and each one's parsed micro-ops looked up by history
 * index: what the rw-register and list-append readings of a history share.
 */
record ClientMops<M extends TxnMop>(List<Op> clientOps, List<List<M>> byIndex) {

    static <M extends TxnMop> ClientMops<M> of(List<Op> ops, Function<Op, List<M>> parse) {
        List<Op> client = new ArrayList<>();
        List<List<M>> parsed = new ArrayList<>(Collections.nCopies(ops.size(), null));
        for (Op op : ops) {
            if (op.isClient()) {
                client.add(op);
                parsed.set(op.index(), parse.apply(op));
            }
        }
        return new ClientMops<>(List.copyOf(client), parsed);
    }
}
