package glomers.harness.run;

import glomers.harness.check.CheckResult;
import glomers.harness.check.Checker;
import glomers.harness.check.RunFacts;
import glomers.harness.check.Validity;
import glomers.harness.history.History;
import glomers.harness.workload.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs checkers and composes their verdicts as Jepsen's {@code checker/compose} does. */
public final class Checks {

    /** Maelstrom's checkers that read more than the history, so a history alone cannot recompute. */
    public static final Map<String, String> NEEDS_MORE_THAN_HISTORY = Map.of(
            "net", "needs the network journal, which a history does not hold (always valid in Maelstrom)");

    private static final RunFacts.NetCounts NO_COUNTS = new RunFacts.NetCounts(0, 0, 0);

    private Checks() {
    }

    /** Each checker's result in order; one that throws counts as unknown, as in Jepsen. */
    static List<CheckResult> run(List<Checker> checkers, History history, RunFacts facts) {
        List<CheckResult> results = new ArrayList<>();
        for (Checker checker : checkers) {
            try {
                results.add(checker.check(history, facts));
            } catch (RuntimeException | StackOverflowError e) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("error", String.valueOf(e));
                results.add(CheckResult.of(checker.name(), Validity.UNKNOWN, fields));
            }
        }
        return results;
    }

    /**
     * What a recorded history alone lets us recompute of a Maelstrom run's checks: stats,
     * availability and the workload's own. The others ({@link #NEEDS_MORE_THAN_HISTORY}) are
     * always valid in Maelstrom, so leaving them out cannot change the composed verdict.
     */
    public static List<CheckResult> ofHistory(Workload workload, History history, Optional<String> availability) {
        return ofHistory(workload.checkers(), history, availability);
    }

    /** {@link #ofHistory(Workload, History, Optional)} with the workload's checkers given. */
    public static List<CheckResult> ofHistory(List<Checker> workloadCheckers, History history,
                                              Optional<String> availability) {
        List<Checker> checkers = new ArrayList<>(CommonCheckers.historyOnly());
        checkers.addAll(workloadCheckers);
        return run(checkers, history, new RunFacts(NO_COUNTS, NO_COUNTS, NO_COUNTS, availability));
    }

    public static Validity verdict(List<CheckResult> results) {
        List<Validity> parts = new ArrayList<>();
        results.forEach(c -> parts.add(c.valid()));
        return Validity.compose(parts);
    }
}
