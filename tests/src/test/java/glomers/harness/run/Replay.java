package glomers.harness.run;

/**
 * Seeds for simulation tests: a fixed default, overridable with -Dglomers.seed=N, and the
 * message every failing simulated test prints so the run can be replayed.
 */
final class Replay {

    private Replay() {
    }

    static long seed(long dflt) {
        return Long.getLong("glomers.seed", dflt);
    }

    static String how(String testMethod, RunConfig config) {
        return "seed " + config.seed() + "; replay with: mvn -B -pl tests -am test -Dtest='" + testMethod
                + "' -Dsurefire.failIfNoSpecifiedTests=false -Dglomers.seed=" + config.seed()
                + "  or: " + Reports.replayCommand(config);
    }
}
