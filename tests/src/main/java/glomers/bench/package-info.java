/**
 * Benchmarks of the real launchers in {@code maelstrom-bin/}: plain main classes that use only the
 * JDK, run by {@code run-scripts/bench} after {@code mvn -B -DskipTests package}.
 */
package glomers.bench;
