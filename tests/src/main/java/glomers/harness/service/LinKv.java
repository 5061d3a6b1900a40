package glomers.harness.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.harness.net.Network;

/** lin-kv: one atomic state, so every op is linearizable. */
final class LinKv extends Service {

    private KvState state = KvState.EMPTY;

    LinKv(Network network) {
        super("lin-kv", network);
    }

    @Override
    ObjectNode handle(String src, ObjectNode body) {
        KvState.Step step = state.handle(body, true);
        state = step.next();
        return step.reply();
    }
}
