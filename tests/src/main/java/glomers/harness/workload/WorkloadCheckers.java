package glomers.harness.workload;

import glomers.harness.check.Checker;
import glomers.harness.check.EchoChecker;
import glomers.harness.check.UniqueIdsChecker;
import java.util.List;

/** Each workload's own checker, by the rules of its Maelstrom namesake. */
final class WorkloadCheckers {

    private WorkloadCheckers() {
    }

    static List<Checker> echo() {
        return List.of(new EchoChecker());
    }

    static List<Checker> uniqueIds() {
        return List.of(new UniqueIdsChecker());
    }
}
