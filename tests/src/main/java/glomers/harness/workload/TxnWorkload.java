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
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Maelstrom's two transaction workloads, which share Elle's generator (elle.txn/wr-txns) and one
 * client: one stream of {@code txn} ops shared by all threads, each of length uniform in
 * 1..{@code --max-txn-length}, each micro-op half {@code ["r", k, null]}, half a write
 * {@code [verb, k, v]}, keys from {@link KeySlots} ({@code --key-count} slots, 10 when absent, as
 * Elle's default for its exponential distribution), values counting per key up to
 * {@code --max-writes-per-key}, so unique per key. The client is reusable and uses with-errors
 * with nothing idempotent: a timeout or indefinite error is :info, a definite one (11, 14, 30...)
 * :fail, which Elle counts as aborted. Request {@code txn {txn}}; reply {@code txn_ok {txn}},
 * each micro-op three elements; the ok value is the reply's txn. No final phase; beyond
 * Maelstrom, the harness's convergence phase reads every written key on every node after the
 * last op ({@link TxnConvergenceReads}).
 *
 * <ul>
 *   <li>txn-rw-register (workload/txn_rw_register.clj): writes {@code ["w", k, v]}; a reply's
 *       micro-op is "r" or "w" with anything for key and value. Checked by Elle's rw-register.</li>
 *   <li>txn-list-append (workload/txn_list_append.clj, elle.list-append/append-txns, which only
 *       renames the writes): {@code ["append", k, v]}; a reply's read value must be a list or
 *       null, an append's anything. Checked by Elle's list-append.</li>
 * </ul>
 * Both under {@code --consistency-models} (default strict-serializable).
 */
final class TxnWorkload extends ClientTraits {

    static final int DEFAULT_KEY_COUNT = 10;

    /** txn_rw_register.clj (s/either ReadRes Write): [(eq "r") Any Any] or [(eq "w") Any Any]. */
    private static final Predicate<JsonNode> RW_MOP = mop -> mop.get(0).textValue().equals("r")
            || mop.get(0).textValue().equals("w");

    /** txn_list_append.clj (s/either ReadRes Append): ["r" Any [Any] or nil] or ["append" Any Any]. */
    private static final Predicate<JsonNode> APPEND_MOP = mop -> mop.get(0).textValue().equals("append")
            || (mop.get(0).textValue().equals("r") && (mop.get(2).isNull() || mop.get(2).isArray()));

    private final WorkloadOptions options;
    private final String writeVerb;
    private final ReplySchema txnOk;

    private TxnWorkload(String name, String writeVerb, Predicate<JsonNode> mop, Supplier<List<Checker>> checkers,
                        WorkloadOptions options) {
        super(name, true, true, Set.of(), checkers);
        if (options.maxTxnLength() < 1 || options.maxWritesPerKey() < 1) {
            throw new IllegalArgumentException("--max-txn-length and --max-writes-per-key must be positive");
        }
        this.options = options;
        this.writeVerb = writeVerb;
        this.txnOk = ReplySchema.of("txn_ok", "txn", txn -> {
            if (!txn.isArray()) {
                return false;
            }
            for (JsonNode m : txn) {
                if (!m.isArray() || m.size() != 3 || !m.get(0).isTextual() || !mop.test(m)) {
                    return false;
                }
            }
            return true;
        });
    }

    static TxnWorkload rwRegister(Supplier<List<Checker>> checkers, WorkloadOptions options) {
        return new TxnWorkload("txn-rw-register", "w", RW_MOP, checkers, options);
    }

    static TxnWorkload listAppend(Supplier<List<Checker>> checkers, WorkloadOptions options) {
        return new TxnWorkload("txn-list-append", "append", APPEND_MOP, checkers, options);
    }

    @Override
    public Optional<ConvergenceReads> convergenceReads() {
        return Optional.of(new TxnConvergenceReads(writeVerb, writeVerb.equals("append")));
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
        return txnOk;
    }

    @Override
    public JsonNode okValue(OpSpec op, ObjectNode reply) {
        return reply.get("txn");
    }

    @Override
    public ClientGenerator generator(SplittableRandom random, int concurrency) {
        KeySlots keys = new KeySlots(options.keyCount().orElse(DEFAULT_KEY_COUNT), options.maxWritesPerKey());
        int maxLength = options.maxTxnLength();
        return thread -> OpSpec.of("txn", txn(random, keys, 1 + random.nextInt(maxLength), writeVerb));
    }

    /**
     * One txn of {@code length} micro-ops (elle.txn/wr-txns, its writes named {@code writeVerb});
     * a write to a used-up key retires it and draws again.
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
