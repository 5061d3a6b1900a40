package glomers.harness.run;

import glomers.harness.check.Checker;
import java.util.List;

/** The checkers every Maelstrom run has: stats, availability and net (the workload's come after). */
final class CommonCheckers {

    private CommonCheckers() {
    }

    static List<Checker> list() {
        return List.of();
    }
}
