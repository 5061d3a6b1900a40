package glomers.harness.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.harness.check.Checker;
import glomers.harness.client.ReplySchema;
import glomers.harness.gen.ClientGenerator;
import glomers.harness.gen.OpSpec;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * workload/txn_list_append.clj with Elle's generator (elle.list-append/gen: elle.txn/wr-txns
 * with its writes renamed): one stream of {@code txn} ops shared by all threads, each of length
 * uniform in 1..{@code --max-txn-length}, each micro-op half {@code ["r", k, null]}, half
 * {@code ["append", k, v]}, keys from {@link KeySlots} ({@code --key-count} slots, 10 when
 * absent), elements counting 1, 2, ... per key up to {@code --max-writes-per-key}, so unique per
 * key. The client is reusable and uses with-errors with nothing idempotent: a timeout or
 * indefinite error is :info, a definite one :fail, which Elle counts as aborted. Request
 * {@code txn {txn}}; reply {@code txn_ok {txn}}, each micro-op three elements, a read's value a
 * list or null, an append's anything; the ok value is the reply's txn. No final phase. Checked by
 * Elle's list-append under {@code --consistency-models} (default strict-serializable).
 */
final class TxnListAppendWorkload extends ClientTraits {

    /** (s/either ReadRes Append): ["r" Any [Any] | nil] or ["append" Any Any], exactly three long. */
    private static final Predicate<JsonNode> TXN = txn -> {
        if (!txn.isArray()) {
            return false;
        }
        for (JsonNode mop : txn) {
            if (!mop.isArray() || mop.size() != 3 || !mop.get(0).isTextual()) {
                return false;
            }
            String f = mop.get(0).textValue();
            boolean read = f.equals("r") && (mop.get(2).isNull() || mop.get(2).isArray());
            if (!read && !f.equals("append")) {
                return false;
            }
        }
        return true;
    };

    private static final ReplySchema TXN_OK = ReplySchema.of("txn_ok", "txn", TXN);

    private final WorkloadOptions options;

    TxnListAppendWorkload(Supplier<List<Checker>> checkers, WorkloadOptions options) {
        super("txn-list-append", true, true, Set.of(), checkers);
        if (options.maxTxnLength() < 1 || options.maxWritesPerKey() < 1) {
            throw new IllegalArgumentException("--max-txn-length and --max-writes-per-key must be positive");
        }
        this.options = options;
    }

    @Override
    public ObjectNode requestBody(OpSpec op) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("type", "txn");
        body.set("txn", op.value());
        return body;
    }

    @Override
    public ReplySchema replySchema(String f) {
        return TXN_OK;
    }

    @Override
    public JsonNode okValue(OpSpec op, ObjectNode reply) {
        return reply.get("txn");
    }

    @Override
    public ClientGenerator generator(SplittableRandom random, int concurrency) {
        KeySlots keys = new KeySlots(options.keyCount().orElse(TxnRwRegisterWorkload.DEFAULT_KEY_COUNT),
                options.maxWritesPerKey());
        int maxLength = options.maxTxnLength();
        return thread -> OpSpec.of("txn", TxnRwRegisterWorkload.txn(random, keys, 1 + random.nextInt(maxLength),
                "append"));
    }
}
