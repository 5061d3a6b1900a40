/**
 * Linearizability of a compare-and-set register per key, for Maelstrom's lin-kv workload: what
 * Jepsen's {@code independent/checker} over Knossos's {@code linearizable} checker with the
 * {@code cas-register} model decides, by a faster search.
 *
 * <ul>
 * <li>{@link glomers.harness.check.linear.KeyHistories} splits a history by key, as
 *     jepsen.independent does, and pairs invocations with completions as Knossos's
 *     preprocessing does: ok ops take their completion's value, :fail ops are dropped, an op
 *     whose completion is :info (or missing) may take effect at any time after its invocation
 *     or never, and a read of nil (which Knossos's model accepts in every state) is dropped.</li>
 * <li>{@link glomers.harness.check.linear.WglSearch} is Wing-Gong-Lowe's search as Porcupine
 *     runs it: a linked list of call and return entries, a stack of linearized ops, and a memo
 *     of (linearized set, register value) so no configuration is explored twice. The set is
 *     kept as a bitset and memoised exactly, in a compact form (the first op not linearized,
 *     then the bits up to the last one linearized), so the cache never lets a wrong
 *     {@code valid} through.</li>
 * <li>{@link glomers.harness.check.linear.LinearizableChecker} runs the keys in parallel
 *     (P-compositionality) with a time budget per key, and composes Jepsen's verdict.</li>
 * </ul>
 */
package glomers.harness.check.linear;
