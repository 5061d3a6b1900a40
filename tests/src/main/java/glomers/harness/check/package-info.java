/**
 * Checkers with Maelstrom's verdict rules (stats, availability, net, and one per workload), pure
 * functions of a {@link glomers.harness.history.History} and {@link glomers.harness.check.RunFacts}.
 *
 * <p>Maelstrom composes {@link glomers.harness.check.StatsChecker},
 * {@link glomers.harness.check.AvailabilityChecker}, {@link glomers.harness.check.NetChecker} and
 * the workload's checker: {@link glomers.harness.check.EchoChecker},
 * {@link glomers.harness.check.UniqueIdsChecker}, {@link glomers.harness.check.SetFullChecker}
 * (broadcast, g-set), {@link glomers.harness.check.CounterChecker} (g-counter, pn-counter) or
 * {@link glomers.harness.check.RwRegisterChecker} (txn-rw-register) or
 * {@link glomers.harness.check.ListAppendChecker} (txn-list-append), both on Elle's machinery in
 * {@link glomers.harness.check.elle}, or
 * {@link glomers.harness.check.linear.LinearizableChecker} (lin-kv, Knossos's verdict by
 * Wing-Gong-Lowe's search in {@link glomers.harness.check.linear}).
 * {@link glomers.harness.check.OpLatencies} is ours, for the results table.
 *
 * <p>Op values as Maelstrom's clients record them, which these checkers expect:
 * <ul>
 *   <li>echo: invoke value the string sent; ok value the whole reply body (an object whose
 *       {@code echo} field is compared); fail value the invoked string.</li>
 *   <li>unique-ids {@code generate}: ok value the reply's {@code id}, as parsed JSON.</li>
 *   <li>broadcast {@code broadcast} / g-set {@code add}: the element; completions may carry it
 *       too, but checkers take it from the invocation. {@code read} ok value: the array of
 *       elements ({@code messages} for broadcast, {@code value} for g-set).</li>
 *   <li>counters {@code add}: the delta, taken from the invocation; {@code read} ok value the
 *       integer read; final-phase reads have {@code finalRead} set.</li>
 *   <li>txn-rw-register {@code txn}: the micro-ops as 3-element arrays {@code ["r", k, v]} /
 *       {@code ["w", k, v]}; invoked with nil reads, ok value the reply's txn, fail and info
 *       values the invoked txn.</li>
 *   <li>txn-list-append {@code txn}: as txn-rw-register, with {@code ["append", k, e]} for
 *       writes and a read's value the list read, or null.</li>
 *   <li>lin-kv: {@code [key, value]} tuples: read invoked {@code [k, null]}, ok {@code [k, v]};
 *       write {@code [k, v]}; cas {@code [k, [from, to]]}; fail and info values the invoked
 *       tuple.</li>
 * </ul>
 * JSON values compare as Clojure compares what Cheshire parsed: integers by value whatever their
 * width, 1 not equal to 1.0, "1" not equal to 1.
 */
package glomers.harness.check;
