package glomers.harness.run;

import glomers.harness.check.AvailabilityChecker;
import glomers.harness.check.Checker;
import glomers.harness.check.NetChecker;
import glomers.harness.check.StatsChecker;
import java.util.ArrayList;
import java.util.List;

/** The checkers every Maelstrom run has: stats, availability and net (the workload's come after). */
final class CommonCheckers {

    private CommonCheckers() {
    }

    static List<Checker> list() {
        List<Checker> all = new ArrayList<>(historyOnly());
        all.add(new NetChecker());
        return all;
    }

    /** The ones that read nothing but the history. */
    static List<Checker> historyOnly() {
        return List.of(new StatsChecker(), new AvailabilityChecker());
    }
}
