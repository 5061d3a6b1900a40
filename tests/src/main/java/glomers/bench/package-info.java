/**
 * Benchmarks of the real launchers in {@code maelstrom-bin/}: plain main classes that use only the
 * JDK (and Jackson's streaming parser, in {@link glomers.bench.BroadcastReadBench}, run from the
 * harness jar), run by {@code run-scripts/bench} after {@code mvn -B -DskipTests package}.
 */
package glomers.bench;
