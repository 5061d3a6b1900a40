package glomers.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import glomers.harness.check.CheckResult;
import glomers.harness.check.Validity;
import glomers.harness.history.Op;
import glomers.harness.nemesis.PartitionShapes;
import glomers.harness.net.Faults;
import glomers.harness.net.LatencyModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kafka binary on the simulator: challenge 5b/5c's flags (two nodes, 2n threads, rate 1000)
 * for the bars, and 50 seeds of 3 and 5 nodes under Maelstrom's partitions at rate 500 for 30 s,
 * with every latency distribution, duplication and reordering on some seeds: no failing error
 * type, and sends served again soon after every heal.
 */
class KafkaNodeSimulationTest {

    /** The node's default election timeout: {@code election-ms}. */
    private static final long ELECTION_NANOS = 400_000_000L;

    @TempDir
    Path results;

    @org.junit.jupiter.api.BeforeAll
    static void registerBrokenNodes() {
        glomers.harness.cluster.SimBinaries.register("sim-kafka-leader-commits-alone",
                glomers.kafka.BrokenKafkaNodes::leaderCommitsAlone);
        glomers.harness.cluster.SimBinaries.register("sim-kafka-offsets-outside-the-log",
                glomers.kafka.BrokenKafkaNodes::offsetsOutsideTheLog);
    }

    static LongStream seeds() {
        long base = Long.getLong("glomers.seed", 0);
        return base != 0 ? LongStream.of(base) : LongStream.rangeClosed(1, 50);
    }

    static CheckResult kafka(RunResult r) {
        return r.checks().stream().filter(c -> c.checker().equals("kafka")).findFirst().orElseThrow();
    }

    /** A count among the findings the harness reports beside Maelstrom's verdict. */
    @SuppressWarnings("unchecked")
    static int beyond(RunResult r, String finding) {
        return (int) ((Map<String, Object>) kafka(r).extraFindings().get(finding)).get("count");
    }

    private static double serversMsgsPerOp(RunResult r) {
        return (double) r.facts().servers().msgCount() / Reports.invocations(r.history().ops());
    }

    @Test
    void challenge5bFlagsAreValidAvailableAndUnderOneServerMessagePerOp() {
        RunConfig c = RunConfig.defaults("kafka", "maelstrom-bin/kafka", 2, Replay.seed(51))
                .withMode(RunConfig.Mode.SIM, results).withTimeLimit(20).withRate(1000).withConcurrency(4);
        RunResult r = Run.execute(c, null);
        String replay = Replay.how("KafkaNodeSimulationTest#challenge5bFlagsAreValidAvailableAndUnderOneServerMessagePerOp", c);
        assertEquals(List.of(), kafka(r).fields().get("bad-error-types"), replay);
        assertEquals(Validity.TRUE, r.verdict(), replay);
        // Only the client crashes the generator injects are not ok (about one op in 3,000 here).
        assertTrue(Reports.okFraction(r.history().ops()) >= 0.999, Reports.okFraction(r.history().ops()) + "; " + replay);
        assertTrue(serversMsgsPerOp(r) <= 1.0, "servers msgs-per-op " + serversMsgsPerOp(r) + "; " + replay);
        assertTrue(Reports.invocations(r.history().ops()) > 15_000, "most of the 20,000 ops the rate asks for; " + replay);
    }

    private RunConfig scenario(long seed) {
        int nodes = seed % 2 == 0 ? 3 : 5;
        LatencyModel.Distribution dist = LatencyModel.Distribution.values()[(int) (seed / 2 % 3)];
        RunConfig c = RunConfig.defaults("kafka", "maelstrom-bin/kafka", nodes, seed)
                .withMode(RunConfig.Mode.SIM, results)
                .withTimeLimit(30)
                .withRate(500)
                .withConcurrency(2 * nodes)
                .withNemesis(true, Optional.empty())
                .withLatency(new LatencyModel(dist, new long[] {0, 5, 30}[(int) (seed % 3)]));
        double interval = new double[] {10, 3, 1}[(int) (seed / 3 % 3)];
        c = c.withPartitions(interval, PartitionShapes.SPECS);
        return seed % 3 != 2 ? c.withFaults(new Faults(0.05, 0, 0.1), false) : c;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void noFailingErrorTypeUnderPartitionsAndServingSoonAfterEachHeal(long seed) {
        RunConfig c = scenario(seed);
        RunResult r = Run.execute(c, null);
        String replay = Replay.how("KafkaNodeSimulationTest#noFailingErrorTypeUnderPartitionsAndServingSoonAfterEachHeal", c)
                + " (scenario: " + c.nodes().size() + " nodes, " + c.latency() + ", partitions every ~"
                + c.nemesisIntervalSeconds() + " s, " + c.faults() + ")";
        CheckResult kafka = kafka(r);
        assertEquals(List.of(), kafka.fields().get("bad-error-types"), kafka.fields() + "; " + replay);
        assertEquals(Validity.TRUE, r.verdict(), r.checks() + "; " + replay);
        assertEquals(0, beyond(r, "committed-offsets-backwards"), kafka.extraFindings() + "; " + replay);
        assertEquals(0, beyond(r, "acked-sends-missing-at-end"), kafka.extraFindings() + "; " + replay);
        long slowest = slowestRecoveryNanos(r.history().ops(), 2 * ELECTION_NANOS);
        long allowed = 2 * ELECTION_NANOS + 8 * c.latency().meanMs() * 1_000_000L + 50_000_000L;
        System.out.printf("kafka seed %d (%d nodes, %s, partitions ~%s s): slowest recovery after a heal %d ms%n",
                seed, c.nodes().size(), c.latency(), c.nemesisIntervalSeconds(), slowest / 1_000_000);
        assertTrue(slowest <= allowed, "sends served again " + slowest / 1_000_000 + " ms after a heal, allowed "
                + allowed / 1_000_000 + " ms; " + replay);
    }

    /**
     * Round trips longer than the election timeout (300 ms and 1 s one way): elections back off
     * until they can finish, the leader's quorum check waits three round trips, and forwarded
     * sends still complete inside the reply deadline.
     */
    @ParameterizedTest(name = "{0} ms {1}")
    @org.junit.jupiter.params.provider.CsvSource({"300, CONSTANT", "300, EXPONENTIAL", "1000, CONSTANT", "1000, EXPONENTIAL"})
    void aNetworkSlowerThanTheElectionTimeoutStillElectsAndServes(long latencyMs, LatencyModel.Distribution dist) {
        RunConfig c = RunConfig.defaults("kafka", "maelstrom-bin/kafka", 3, Replay.seed(61))
                .withMode(RunConfig.Mode.SIM, results).withTimeLimit(30).withRate(100).withConcurrency(6)
                .withLatency(new LatencyModel(dist, latencyMs));
        RunResult r = Run.execute(c, null);
        String replay = Replay.how("KafkaNodeSimulationTest#aNetworkSlowerThanTheElectionTimeoutStillElectsAndServes", c);
        assertEquals(List.of(), kafka(r).fields().get("bad-error-types"), replay);
        assertEquals(Validity.TRUE, r.verdict(), r.checks() + "; " + replay);
        long okSends = r.history().ops().stream().filter(op -> op.isClient() && op.isOk() && op.f().equals("send")).count();
        assertTrue(okSends >= 40, "only " + okSends + " ok sends; " + replay);
    }

    private RunConfig crashing(long seed, boolean withLog) {
        int nodes = seed % 2 == 0 ? 3 : 5;
        RunConfig c = RunConfig.defaults("kafka", "maelstrom-bin/kafka", nodes, seed)
                .withMode(RunConfig.Mode.SIM, results)
                .withTimeLimit(30)
                .withRate(500)
                .withConcurrency(2 * nodes)
                .withLatency(new LatencyModel(LatencyModel.Distribution.values()[(int) (seed % 3)], seed % 4 == 0 ? 10 : 1))
                // Odd seeds keep only 300 entries in memory: polls from old offsets and lagging
                // followers then read evicted entries back from the (simulated) disk.
                .withNodeArgs(withLog ? (seed % 2 == 1 ? List.of("data=/sim/kafka", "memory-entries=300")
                        : List.of("data=/sim/kafka")) : List.of());
        if (seed % 3 == 0) {
            c = c.withNemesis(true, Optional.empty()).withPartitions(5, PartitionShapes.SPECS);
        } else {
            c = c.withNemesisInterval(3);
        }
        return c.withFaults(seed % 2 == 0 ? new Faults(0.05, 0, 0.1) : new Faults(0, 0, 0), true);
    }

    /**
     * Nodes killed at random points (between any two writes: unsynced records are lost, a random
     * prefix of them kept) and restarted on their write-ahead log: no acknowledged send is lost,
     * and nothing else fails either.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void withTheWriteAheadLogCrashesLoseNoAcknowledgedSend(long seed) {
        RunConfig c = crashing(seed, true);
        RunResult r = Run.execute(c, null);
        String replay = Replay.how("KafkaNodeSimulationTest#withTheWriteAheadLogCrashesLoseNoAcknowledgedSend", c)
                + " (scenario: " + c.nodes().size() + " nodes, " + c.latency() + ", partitions " + c.partitionNemesis()
                + ", " + c.faults() + ")";
        CheckResult kafka = kafka(r);
        assertEquals(List.of(), kafka.fields().get("bad-error-types"), kafka.fields() + "; " + replay);
        assertEquals(Validity.TRUE, r.verdict(), r.checks() + "; " + replay);
        assertEquals(0, beyond(r, "committed-offsets-backwards"), kafka.extraFindings() + "; " + replay);
        assertEquals(0, beyond(r, "acked-sends-missing-at-end"), kafka.extraFindings() + "; " + replay);
        long kills = r.history().ops().stream().filter(op -> !op.isClient() && op.f().equals("kill")).count();
        assertTrue(kills >= 4, "only " + kills / 2 + " crashes; " + replay);
    }

    /**
     * The same faults on nodes without a log: Raft's promises rest on the disk, and the checker
     * must see them broken (a restarted node forgets its votes and the entries it acked).
     */
    @Test
    void withoutTheWriteAheadLogCrashesLoseAcknowledgedSends() {
        List<String> losing = new java.util.ArrayList<>();
        List<String> replays = new java.util.ArrayList<>();
        // Since a leader repairs a follower that restarted empty (its rejection's hint below what
        // it acknowledged), a loss needs a restarted node to vote or lead first: ten seeds show it
        // twice (4 and 8), where five seeds showed it three times before.
        for (long seed = 2; seed <= 20; seed += 2) {
            RunConfig c = crashing(seed, false);
            RunResult r = Run.execute(c, null);
            @SuppressWarnings("unchecked")
            List<String> bad = (List<String>) kafka(r).fields().get("bad-error-types");
            if (bad.contains("lost-write") && beyond(r, "acked-sends-missing-at-end") > 0) {
                losing.add("seed " + seed);
            }
            replays.add(Replay.how("KafkaNodeSimulationTest#withoutTheWriteAheadLogCrashesLoseAcknowledgedSends", c));
        }
        assertTrue(losing.size() >= 2, "lost writes found only on " + losing + " of 10 seeds; " + replays);
    }

    /**
     * A leader that acknowledges what no follower holds: once a partition leaves it stale, its
     * acknowledged sends are overwritten by the new leader's, which the checker reports as lost
     * writes and as two messages at one offset.
     */
    @Test
    void aLeaderThatAcknowledgesWithoutAQuorumLosesWritesUnderPartitions() {
        RunConfig c = scenario(2).withBin("maelstrom-bin/sim-kafka-leader-commits-alone").withPartitions(3, PartitionShapes.SPECS);
        RunResult r = Run.execute(c, null);
        String replay = Replay.how("KafkaNodeSimulationTest#aLeaderThatAcknowledgesWithoutAQuorumLosesWritesUnderPartitions", c);
        @SuppressWarnings("unchecked")
        List<String> bad = (List<String>) kafka(r).fields().get("bad-error-types");
        assertTrue(bad.containsAll(List.of("inconsistent-offsets", "lost-write")), bad + "; " + replay);
    }

    /**
     * Consumer offsets kept outside the log, by the node that took the commit: a restart forgets
     * them, which Maelstrom's history cannot show and the harness's journal of what the client
     * listed and committed does.
     */
    @Test
    void offsetsKeptOutsideTheLogGoBackwardsAfterACrash() {
        int backwards = 0;
        List<String> replays = new java.util.ArrayList<>();
        for (long seed = 2; seed <= 6; seed += 2) {
            RunConfig c = crashing(seed, true).withBin("maelstrom-bin/sim-kafka-offsets-outside-the-log");
            RunResult r = Run.execute(c, null);
            @SuppressWarnings("unchecked")
            Map<String, Object> found = (Map<String, Object>) kafka(r).extraFindings().get("committed-offsets-backwards");
            backwards += (int) found.get("count");
            replays.add(Replay.how("KafkaNodeSimulationTest#offsetsKeptOutsideTheLogGoBackwardsAfterACrash", c));
            RunResult correct = Run.execute(c.withBin("maelstrom-bin/kafka"), null);
            @SuppressWarnings("unchecked")
            Map<String, Object> none = (Map<String, Object>) kafka(correct).extraFindings().get("committed-offsets-backwards");
            assertEquals(0, none.get("count"), "the correct node at the same seed: " + none + "; " + replays);
            assertTrue((int) none.get("lists-checked") > 50, none + "; " + replays);
        }
        assertTrue(backwards > 0, "no list saw an offset move back; " + replays);
    }

    /**
     * The longest time from a heal to the first ok send invoked after it, over heals the next
     * partition leaves a quiet window of at least {@code window} after; 0 when there is none.
     */
    static long slowestRecoveryNanos(List<Op> ops, long window) {
        long slowest = 0;
        for (int i = 0; i < ops.size(); i++) {
            Op heal = ops.get(i);
            if (heal.isClient() || !heal.f().equals("stop-partition") || heal.value() == null || heal.value().isNull()) {
                continue;
            }
            long healed = heal.timeNanos();
            long nextCut = Long.MAX_VALUE;
            long firstOk = Long.MAX_VALUE;
            for (int j = i + 1; j < ops.size(); j++) {
                Op op = ops.get(j);
                if (!op.isClient() && op.f().equals("start-partition")) {
                    nextCut = Math.min(nextCut, op.timeNanos());
                }
                if (op.isClient() && op.isOk() && op.f().equals("send") && invokedAt(ops, op) >= healed) {
                    firstOk = Math.min(firstOk, op.timeNanos());
                    break;
                }
            }
            if (nextCut - healed >= window + 1_000_000_000L && firstOk != Long.MAX_VALUE) {
                slowest = Math.max(slowest, firstOk - healed);
            }
        }
        return slowest;
    }

    private static long invokedAt(List<Op> ops, Op completion) {
        for (int k = completion.index() - 1; k >= 0; k--) {
            Op op = ops.get(k);
            if (op.process() == completion.process() && op.isInvoke()) {
                return op.timeNanos();
            }
        }
        return Long.MIN_VALUE;
    }
}
