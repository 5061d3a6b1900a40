package glomers.harness.check;

import glomers.harness.history.History;

/** Judges a finished run's history. A checker that throws makes the run's verdict unknown. */
public interface Checker {

    String name();

    CheckResult check(History history, RunFacts facts);
}
