package glomers.counter;

import glomers.core.Env;
import glomers.core.Handlers;
import glomers.core.NodeLogic;
import glomers.core.RpcError;

/** The counter binaries' logic: the mode named in the node arguments picks the implementation at init. */
public final class CounterNodes {

    private CounterNodes() {
    }

    /** A fresh counter node of {@code kind}; the binaries and the simulator both build nodes here. */
    public static NodeLogic newNode(CounterKind kind) {
        return new ByMode(kind);
    }

    private static final class ByMode implements NodeLogic {
        private final CounterKind kind;

        ByMode(CounterKind kind) {
            this.kind = kind;
        }

        @Override
        public void onInit(Env env, Handlers handlers) throws RpcError {
            CounterSettings settings = CounterSettings.fromArgs(env.args());
            NodeLogic logic = settings.mode() == CounterSettings.Mode.SEQ_KV
                    ? new SeqKvCounterNode(kind) : new CrdtCounterNode(kind);
            logic.onInit(env, handlers);
        }
    }
}
