package glomers.harness.run;

import glomers.harness.gen.ClientDriver;
import glomers.harness.history.History;
import glomers.harness.history.Op;
import glomers.harness.sched.Scheduler;
import java.io.PrintStream;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * A progress line on stderr about once a second: per run second, but in simulation no more than
 * once per wall second, so a fast simulation does not flood the terminal. Reading the wall clock
 * here only decides what is printed, never what happens in the run.
 */
final class Progress {

    private final PrintStream out;
    private final History history;
    private final boolean throttle;
    private int cursor;
    private long invoked;
    private long ok;
    private long fail;
    private long info;
    private long lastPrintWallNanos;

    Progress(PrintStream out, History history, boolean throttle) {
        this.out = out;
        this.history = history;
        this.throttle = throttle;
    }

    void tick(Scheduler scheduler, BooleanSupplier over, LongSupplier runTime, ClientDriver driver) {
        if (out == null) {
            return;
        }
        scheduler.at(scheduler.nowNanos() + 1_000_000_000L, () -> {
            if (over.getAsBoolean()) {
                return;
            }
            long wall = System.nanoTime();
            if (!throttle || wall - lastPrintWallNanos >= 1_000_000_000L) {
                lastPrintWallNanos = wall;
                count();
                out.printf("[harness] t=%.0fs invoked=%d ok=%d fail=%d info=%d in-flight=%d%n",
                        runTime.getAsLong() / 1e9, invoked, ok, fail, info, driver.inFlight());
            }
            tick(scheduler, over, runTime, driver);
        });
    }

    private void count() {
        List<Op> ops = history.ops();
        for (; cursor < ops.size(); cursor++) {
            Op op = ops.get(cursor);
            if (!op.isClient()) {
                continue;
            }
            switch (op.type()) {
                case INVOKE -> invoked++;
                case OK -> ok++;
                case FAIL -> fail++;
                case INFO -> info++;
            }
        }
    }
}
