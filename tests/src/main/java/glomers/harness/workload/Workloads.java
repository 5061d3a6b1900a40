package glomers.harness.workload;

import glomers.harness.check.Checker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/** The workloads by Maelstrom name; add new ones to {@link #FACTORIES}. */
public final class Workloads {

    private static final Map<String, java.util.function.BiFunction<Supplier<List<Checker>>, WorkloadOptions, Workload>> FACTORIES = new TreeMap<>(Map.of(
            "echo", (checkers, options) -> new EchoWorkload(checkers),
            "unique-ids", (checkers, options) -> new UniqueIdsWorkload(checkers),
            "broadcast", (checkers, options) -> new BroadcastWorkload(checkers, options),
            "g-set", (checkers, options) -> new GSetWorkload(checkers),
            "g-counter", (checkers, options) -> CounterWorkload.grow(checkers),
            "pn-counter", (checkers, options) -> CounterWorkload.positiveNegative(checkers),
            "txn-rw-register", TxnWorkload::rwRegister,
            "txn-list-append", TxnWorkload::listAppend,
            "kafka", KafkaWorkload::new,
            "lin-kv", LinKvWorkload::new));

    private static final Map<String, Function<WorkloadOptions, List<Checker>>> CHECKERS = new TreeMap<>(Map.of(
            "echo", options -> WorkloadCheckers.echo(),
            "unique-ids", options -> WorkloadCheckers.uniqueIds(),
            "broadcast", options -> WorkloadCheckers.broadcast(),
            "g-set", options -> WorkloadCheckers.gSet(),
            "g-counter", options -> WorkloadCheckers.counter(),
            "pn-counter", options -> WorkloadCheckers.counter(),
            "txn-rw-register", WorkloadCheckers::txnRwRegister,
            "txn-list-append", WorkloadCheckers::txnListAppend,
            "kafka", options -> WorkloadCheckers.kafka(),
            "lin-kv", options -> WorkloadCheckers.linKv()));

    private Workloads() {
    }

    public static List<String> names() {
        return new ArrayList<>(FACTORIES.keySet());
    }

    /**
     * The workloads whose recorded histories {@code check} can judge: those with checkers.
     */
    public static List<String> checkableNames() {
        return new ArrayList<>(CHECKERS.keySet());
    }

    /** A workload's own checkers, as {@link #create} gives them, without building the workload. */
    public static List<Checker> checkers(String name, WorkloadOptions options) {
        var checkers = CHECKERS.get(name);
        if (checkers == null) {
            throw new IllegalArgumentException("unknown workload " + name + "; valid: "
                    + String.join(", ", checkableNames()));
        }
        return checkers.apply(options);
    }

    public static Workload create(String name, WorkloadOptions options) {
        var factory = FACTORIES.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown workload " + name + "; valid: " + String.join(", ", names()));
        }
        return factory.apply(() -> CHECKERS.get(name).apply(options), options);
    }
}
