package glomers.harness.check.linear;

import glomers.harness.check.CheckResult;
import glomers.harness.check.Checker;
import glomers.harness.check.RunFacts;
import glomers.harness.check.Validity;
import glomers.harness.history.History;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Maelstrom's lin-kv checker: jepsen.independent's checker over Knossos's linearizable checker
 * with the cas-register model, one search per key ({@link WglSearch}), keys in parallel
 * (the calling thread and up to three helpers). A key whose search spends its budget is unknown (Knossos has no time limit but
 * gives unknown when memory runs out); the verdict composes as Jepsen's: false if any key is
 * not linearizable, else unknown if any is unknown, else true (no keys: true).
 *
 * <p>Fields, as Maelstrom's where it has them: {@code valid?}, {@code failures} (the keys not
 * linearizable), and ours: {@code unknown-keys}, {@code key-count}, {@code analysis-seconds}
 * (the history already in memory, as Knossos's {@code checker_seconds} counts), and
 * {@code results}: per key its verdict, op count and search cost, and for a failing key the
 * explanation ({@link Frontier}); {@code explanation}, one line per key failing or unknown (the
 * first ten).
 */
public final class LinearizableChecker implements Checker {

    /** Per key; Knossos has none, but a run's check must end. */
    public static final long DEFAULT_BUDGET_NANOS = 60_000_000_000L;
    private static final int DEFAULT_MAX_MEMO = 20_000_000;
    private static final int MAX_THREADS = 4;
    private static final int MAX_EXPLAINED_KEYS = 10;
    /** Kept between checks (idle threads end after a minute); daemons, so they never hold the JVM. */
    private static final ExecutorService HELPERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "linearizable-check");
        t.setDaemon(true);
        return t;
    });

    private final WglSearch.Budget budget;

    public LinearizableChecker() {
        this(new WglSearch.Budget(DEFAULT_BUDGET_NANOS, DEFAULT_MAX_MEMO));
    }

    LinearizableChecker(WglSearch.Budget budget) {
        this.budget = budget;
    }

    @Override
    public String name() {
        return "linearizable";
    }

    @Override
    public CheckResult check(History history, RunFacts facts) {
        long start = System.nanoTime();
        List<KeyVerdict> verdicts = searchAll(KeyHistories.split(history));
        List<Validity> parts = new ArrayList<>();
        List<Object> failures = new ArrayList<>();
        List<Object> unknown = new ArrayList<>();
        Map<String, Object> results = new LinkedHashMap<>();
        List<String> explanation = new ArrayList<>();
        for (KeyVerdict k : verdicts) {
            Validity v = switch (k.outcome()) {
                case VALID -> Validity.TRUE;
                case INVALID -> Validity.FALSE;
                case UNKNOWN -> Validity.UNKNOWN;
            };
            parts.add(v);
            if (v == Validity.FALSE) {
                failures.add(k.key());
                addLine(explanation, (String) k.explanation().get("summary"));
            } else if (v == Validity.UNKNOWN) {
                unknown.add(k.key());
                addLine(explanation, "key " + k.key() + ": unknown, " + k.cause());
            }
            results.put(keyText(k.key()), keyResult(k, v));
        }
        Validity valid = Validity.compose(parts);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("valid?", valid == Validity.TRUE ? Boolean.TRUE : valid == Validity.FALSE ? Boolean.FALSE : "unknown");
        fields.put("failures", failures);
        fields.put("unknown-keys", unknown);
        fields.put("key-count", verdicts.size());
        fields.put("analysis-seconds", (System.nanoTime() - start) / 1e9);
        fields.put("results", results);
        if (!explanation.isEmpty()) {
            fields.put("explanation", explanation);
        }
        return CheckResult.of(name(), valid, fields);
    }

    /**
     * A key as its JSON text. Numbers (Maelstrom's keys) without JsonNode.toString, whose first
     * call builds Jackson's writer: tens of milliseconds of a cold check.
     */
    private static String keyText(com.fasterxml.jackson.databind.JsonNode key) {
        return key.isNumber() ? key.asText() : key.toString();
    }

    private static void addLine(List<String> explanation, String line) {
        if (explanation.size() < MAX_EXPLAINED_KEYS) {
            explanation.add(line);
        }
    }

    private static Map<String, Object> keyResult(KeyVerdict k, Validity v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("valid?", v == Validity.TRUE ? Boolean.TRUE : v == Validity.FALSE ? Boolean.FALSE : "unknown");
        m.put("ops", k.ops());
        m.put("steps", k.steps());
        m.put("memo", k.memo());
        m.put("seconds", k.nanos() / 1e9);
        if (k.cause() != null) {
            m.put("cause", k.cause());
        }
        if (k.explanation() != null) {
            m.putAll(k.explanation());
        }
        return m;
    }

    /**
     * The keys shared out over the calling thread and up to three helpers: each takes the next
     * key not yet taken, builds its history and searches it, so the caller never waits for a helper to be scheduled before work
     * starts (on a busy machine it may do every key itself), and waits at the end only for keys
     * a helper has begun.
     */
    private List<KeyVerdict> searchAll(List<KeyHistories.KeyOps> keys) {
        KeyVerdict[] out = new KeyVerdict[keys.size()];
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < out.length; i = next.getAndIncrement()) {
                out[i] = new WglSearch(keys.get(i).build()).run(budget);
            }
        };
        int helpers = Math.min(keys.size(), Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors())) - 1;
        List<Future<?>> started = new ArrayList<>();
        for (int h = 0; h < helpers; h++) {
            started.add(HELPERS.submit(worker));
        }
        worker.run();
        try {
            for (Future<?> f : started) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking keys", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        return List.of(out);
    }
}
