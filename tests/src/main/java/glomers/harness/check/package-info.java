/**
 * Checkers with Maelstrom's verdict rules (stats, availability, net, and one per workload), pure
 * functions of a {@link glomers.harness.history.History} and {@link glomers.harness.check.RunFacts}.
 */
package glomers.harness.check;
