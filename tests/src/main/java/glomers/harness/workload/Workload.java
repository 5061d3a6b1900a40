package glomers.harness.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.harness.check.Checker;
import glomers.harness.client.Outcome;
import glomers.harness.client.ReplySchema;
import glomers.harness.gen.ClientGenerator;
import glomers.harness.gen.FinalGenerator;
import glomers.harness.gen.OpSpec;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * One Maelstrom workload: what its client sends and accepts, how it records outcomes, its
 * generators (main, optional setup and final) and its checkers. Everything else about a run
 * (nodes, network, nemesis, scheduling) is common to all workloads.
 */
public interface Workload {

    long DEFAULT_TIMEOUT_NANOS = 5_000_000_000L;

    String name();

    /** Reusable clients are kept across :info ops; the others are replaced by a fresh id. */
    boolean reusableClients();

    /** Whether the client wraps its calls in client.clj's with-errors. */
    boolean withErrors();

    boolean idempotent(String f);

    /** The request body for an op: type and workload fields (msg_id is added by the client). */
    ObjectNode requestBody(OpSpec op);

    ReplySchema replySchema(String f);

    /** The :ok completion's value, from the reply body. */
    JsonNode okValue(OpSpec op, ObjectNode reply);

    default long timeoutNanos(String f) {
        return DEFAULT_TIMEOUT_NANOS;
    }

    /**
     * Runs one op and reports its outcome once. The default is Maelstrom's single-RPC client:
     * {@link #requestBody}, a closed {@link #replySchema}, {@link #okValue}, with-errors rules.
     * Workloads whose ops take several RPCs or none (kafka's poll + commit, crash) override it.
     */
    default void invoke(ClientSession session, OpSpec op, Consumer<Outcome> done) {
        Outcome.Rules rules = new Outcome.Rules(withErrors(), idempotent(op.f()), replySchema(op.f()),
                reply -> okValue(op, reply));
        session.call(requestBody(op), timeoutNanos(op.f()), reply -> done.accept(Outcome.of(rules, op.value(), reply)));
    }

    /** The main-phase ops; {@code random} is this workload's own seeded stream. */
    ClientGenerator generator(SplittableRandom random, int concurrency);

    /** The setup request each node's setup client sends after init (broadcast's topology). */
    default Optional<ObjectNode> setupRequest(String node, List<String> nodes) {
        return Optional.empty();
    }

    default ReplySchema setupReplySchema() {
        throw new UnsupportedOperationException(name() + " has no setup");
    }

    /** Workloads with a final phase: heal, sleep 10 s, then these ops once per thread. */
    default boolean hasFinalPhase() {
        return false;
    }

    default Optional<OpSpec> finalOp(int thread) {
        return Optional.empty();
    }

    /** The final phase's ops; by default {@link #finalOp} once per thread, at once. */
    default FinalGenerator finalGenerator(SplittableRandom random) {
        return FinalGenerator.oncePerThread(this::finalOp);
    }

    /**
     * Beyond Maelstrom: the reads of the convergence phase (after the last op, heal, settle, read
     * every key the history wrote on every node); empty for workloads that have none.
     */
    default Optional<ConvergenceReads> convergenceReads() {
        return Optional.empty();
    }

    /** The workload's own checkers (stats, availability and net are added by the run). */
    List<Checker> checkers();
}
