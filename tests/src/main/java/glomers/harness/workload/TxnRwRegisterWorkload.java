package glomers.harness.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
 * workload/txn_rw_register.clj with Elle's generator (elle.rw-register/gen, elle.txn/wr-txns):
 * one stream of {@code txn} ops shared by all threads, each of length uniform in
 * 1..{@code --max-txn-length}, each micro-op half {@code ["r", k, null]}, half
 * {@code ["w", k, v]}, keys from {@link KeySlots} ({@code --key-count} slots, 10 when absent,
 * as Elle's default for its exponential distribution), values counting per key up to
 * {@code --max-writes-per-key}. The client is reusable and uses with-errors with nothing
 * idempotent: a timeout or indefinite error is :info, a definite one (11, 14, 30...) :fail, which
 * Elle counts as aborted. Request {@code txn {txn}}; reply {@code txn_ok {txn}}, each micro-op
 * three elements, "r" or "w" first, anything for key and value; the ok value is the reply's txn.
 * No final phase. Checked by Elle's rw-register checker under {@code --consistency-models}.
 */
final class TxnRwRegisterWorkload extends ClientTraits {

    static final int DEFAULT_KEY_COUNT = 10;

    /** (s/either ReadRes Write): [(eq "r") Any Any] or [(eq "w") Any Any]. */
    private static final Predicate<JsonNode> TXN = txn -> {
        if (!txn.isArray()) {
            return false;
        }
        for (JsonNode mop : txn) {
            if (!mop.isArray() || mop.size() != 3 || !mop.get(0).isTextual()
                    || !(mop.get(0).textValue().equals("r") || mop.get(0).textValue().equals("w"))) {
                return false;
            }
        }
        return true;
    };

    private static final ReplySchema TXN_OK = ReplySchema.of("txn_ok", "txn", TXN);

    private final WorkloadOptions options;

    TxnRwRegisterWorkload(Supplier<List<Checker>> checkers, WorkloadOptions options) {
        super("txn-rw-register", true, true, Set.of(), checkers);
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
        KeySlots keys = new KeySlots(options.keyCount().orElse(DEFAULT_KEY_COUNT), options.maxWritesPerKey());
        int maxLength = options.maxTxnLength();
        return thread -> OpSpec.of("txn", txn(random, keys, 1 + random.nextInt(maxLength)));
    }

    /** One txn of {@code length} micro-ops; a write to a used-up key retires it and draws again. */
    static ArrayNode txn(SplittableRandom random, KeySlots keys, int length) {
        return txn(random, keys, length, "w");
    }

    /**
     * elle.txn/wr-txns with its writes named {@code writeVerb}: "w" here, "append" for
     * list-append (elle.list-append/append-txns only renames them).
     */
    static ArrayNode txn(SplittableRandom random, KeySlots keys, int length, String writeVerb) {
        ArrayNode txn = JsonNodeFactory.instance.arrayNode();
        while (txn.size() < length) {
            boolean write = random.nextBoolean();
            long k = keys.pick(random);
            ArrayNode mop = txn.addArray();
            if (!write) {
                mop.add("r").add(k).addNull();
                continue;
            }
            long v = keys.takeWrite(k);
            if (v < 0) {
                txn.remove(txn.size() - 1);
                continue;
            }
            mop.add(writeVerb).add(k).add(v);
        }
        return txn;
    }
}
