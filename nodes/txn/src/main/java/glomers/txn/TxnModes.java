package glomers.txn;

import glomers.core.Env;
import glomers.core.ErrorCode;
import glomers.core.Handlers;
import glomers.core.NodeLogic;
import glomers.core.RpcError;
import java.util.List;

/**
 * The transaction binaries' {@code mode=} argument, read at init: {@code available} (totally
 * available, read committed: {@link TxnNode}, txn-rw-register's default), {@code serializable}
 * and {@code strict} (strict serializability: {@link LoggedTxnNode}, txn-list-append's default).
 */
final class TxnModes implements NodeLogic {

    private final boolean lists;

    /** @param lists txn-list-append's lists rather than txn-rw-register's registers */
    TxnModes(boolean lists) {
        this.lists = lists;
    }

    @Override
    public void onInit(Env env, Handlers handlers) throws RpcError {
        String mode = lists ? "strict" : "available";
        for (String arg : env.args()) {
            String word = arg.startsWith("--") ? arg.substring(2) : arg;
            if (word.startsWith("mode=")) {
                mode = word.substring(5);
            }
        }
        NodeLogic logic = switch (mode) {
            case "available" -> {
                if (lists) {
                    throw new RpcError(ErrorCode.MALFORMED_REQUEST, "txn-list-append has no mode=available: serializable or strict");
                }
                yield new TxnNode();
            }
            case "serializable" -> new LoggedTxnNode(lists, false);
            case "strict" -> new LoggedTxnNode(lists, true);
            default -> throw new RpcError(ErrorCode.MALFORMED_REQUEST, "unknown mode '" + mode + "'; valid: "
                    + String.join(", ", lists ? List.of("serializable", "strict") : List.of("available", "serializable", "strict")));
        };
        logic.onInit(env, handlers);
    }
}
