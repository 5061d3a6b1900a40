/**
 * Elle's cycle machinery (jepsen-io/elle v0.2.2, the version Maelstrom v0.2.4 runs), for any
 * checker that judges transactions by their dependency graph: ops as vertices with typed edges
 * ({@link glomers.harness.check.elle.DepGraph}, {@link glomers.harness.check.elle.Rel}), the
 * realtime and process orders ({@link glomers.harness.check.elle.OrderGraphs}), strongly connected
 * components ({@link glomers.harness.check.elle.Sccs}), Elle's search for each anomaly type and
 * its existence proofs, with each cycle explained step by step
 * ({@link glomers.harness.check.elle.CycleAnomalies}), and the consistency-model algebra that
 * says which anomalies a model prohibits and which models a history rules out
 * ({@link glomers.harness.check.elle.ConsistencyModels}).
 *
 * <p>What differs from Elle, on purpose: the search is a breadth-first search over (op, progress)
 * that finds a shortest simple cycle through a chosen first edge, and it stops on a step budget
 * rather than a clock, so a verdict never depends on the machine's speed. Each edge is searched
 * as the rel its explanation names (wr before ww before rw before the orders), which is what
 * decides the reported type in Elle too.
 */
package glomers.harness.check.elle;
