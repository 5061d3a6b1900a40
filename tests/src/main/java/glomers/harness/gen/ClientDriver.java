package glomers.harness.gen;

import glomers.harness.client.Client;
import glomers.harness.client.ClientIds;
import glomers.harness.client.Outcome;
import glomers.harness.history.History;
import glomers.harness.history.Op;
import glomers.harness.net.Network;
import glomers.harness.sched.Scheduler;
import glomers.harness.workload.ClientSession;
import glomers.harness.workload.Workload;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * Jepsen's generator and interpreter for the client threads (generator.clj, interpreter.clj):
 * <ul>
 * <li>{@code concurrency} threads; thread t talks to node t mod n, one op at a time;</li>
 * <li>thread t starts as process t and becomes process + concurrency after an :info;</li>
 * <li>each op goes to the next free thread, round robin;</li>
 * <li>a global stagger: the first op at once, each later one U[0, 2/rate) after the previous
 *     op's emission; an op waits for a free thread, with no catch-up burst;</li>
 * <li>the time limit is measured from the first op; the phase ends when the next op would be
 *     past the cutoff and every op in flight has completed.</li>
 * </ul>
 */
public final class ClientDriver {

    private final Scheduler scheduler;
    private final Network network;
    private final History history;
    private final Workload workload;
    private final List<String> nodes;
    private final ClientIds clientIds;
    private final SplittableRandom staggerRandom;
    private final LongSupplier runTime;
    private final Worker[] workers;
    private final long staggerNanos;
    private final long timeLimitNanos;

    private final ClientGenerator generator;
    private final SplittableRandom finalRandom;
    private FinalGenerator finalGenerator;
    private long finalCutoffNanos = -1;
    private long cutoffNanos = -1;
    private int roundRobin;
    private int inFlight;
    private boolean exhausted;
    private boolean waitingForThread;
    private Runnable onPhaseDone;
    private long invocations;

    /**
     * @param runTime nanoseconds since the run's relative time 0, used for history timestamps
     */
    public ClientDriver(Scheduler scheduler, Network network, History history, Workload workload, List<String> nodes,
                        ClientIds clientIds, int concurrency, double rate, long timeLimitNanos,
                        SplittableRandom random, LongSupplier runTime) {
        this.scheduler = scheduler;
        this.network = network;
        this.history = history;
        this.workload = workload;
        this.nodes = List.copyOf(nodes);
        this.clientIds = clientIds;
        this.runTime = runTime;
        this.staggerRandom = random.split();
        this.generator = workload.generator(random.split(), concurrency);
        this.finalRandom = random.split();
        this.workers = new Worker[concurrency];
        for (int t = 0; t < concurrency; t++) {
            workers[t] = new Worker(t);
        }
        this.staggerNanos = Math.max(1, (long) (2e9 / rate));
        this.timeLimitNanos = timeLimitNanos;
    }

    /** Starts the main phase now; {@code done} runs once it has ended. */
    public void startMain(Runnable done) {
        onPhaseDone = done;
        scheduler.at(scheduler.nowNanos(), this::emitScheduled);
    }

    /** The time limit's cutoff, in scheduler time; -1 before the first op. */
    public long cutoffNanos() {
        return cutoffNanos;
    }

    private void emitScheduled() {
        if (exhausted) {
            return;
        }
        long now = scheduler.nowNanos();
        // Jepsen's time-limit emits an op only while its time is before the cutoff (strictly).
        if (cutoffNanos >= 0 && now >= cutoffNanos) {
            exhausted = true;
            maybeDone();
            return;
        }
        Worker worker = nextFreeWorker();
        if (worker == null) {
            waitingForThread = true;
            return;
        }
        if (cutoffNanos < 0) {
            cutoffNanos = now + timeLimitNanos;
        }
        invoke(worker, generator.next(worker.thread, now));
        scheduler.at(now + staggerRandom.nextLong(staggerNanos), this::emitScheduled);
    }

    private Worker nextFreeWorker() {
        for (int k = 0; k < workers.length; k++) {
            Worker w = workers[(roundRobin + k) % workers.length];
            if (!w.busy) {
                roundRobin = (w.thread + 1) % workers.length;
                return w;
            }
        }
        return null;
    }

    /**
     * Final phase: every thread runs the workload's final generator, op after op, without
     * stagger, until it has nothing more (or the phase's own time limit passes).
     */
    public void startFinal(Runnable done) {
        onPhaseDone = done;
        exhausted = true;
        finalGenerator = workload.finalGenerator(finalRandom);
        finalCutoffNanos = -1;
        for (Worker w : workers) {
            nextFinal(w);
        }
        maybeDone();
    }

    private void nextFinal(Worker w) {
        Optional<FinalGenerator.Step> step = finalGenerator.next(w.thread);
        if (step.isEmpty()) {
            return;
        }
        // Hold the phase open while the op waits out its delay.
        inFlight++;
        w.busy = true;
        scheduler.at(scheduler.nowNanos() + step.get().delayNanos(), () -> {
            inFlight--;
            w.busy = false;
            long now = scheduler.nowNanos();
            if (finalCutoffNanos < 0 && finalGenerator.timeLimitNanos() != Long.MAX_VALUE) {
                finalCutoffNanos = now + finalGenerator.timeLimitNanos();
            }
            if (finalCutoffNanos >= 0 && now > finalCutoffNanos) {
                maybeDone();
                return;
            }
            invoke(w, step.get().op());
        });
    }

    private void invoke(Worker w, OpSpec op) {
        if (w.client == null) {
            w.client = new Client(clientIds.next(), nodes.get(w.thread % nodes.size()), network, scheduler);
            w.session = ClientSession.over(w.client);
        }
        w.busy = true;
        inFlight++;
        invocations++;
        history.add(w.process, Op.Type.INVOKE, op.f(), op.value(), runTime.getAsLong(), op.finalRead(), null);
        workload.invoke(w.session, op, outcome -> complete(w, op, outcome));
    }

    private void complete(Worker w, OpSpec op, Outcome outcome) {
        history.add(w.process, outcome.type(), op.f(), outcome.value(), runTime.getAsLong(), op.finalRead(), outcome.error());
        if (finalGenerator == null) {
            generator.onComplete(w.thread, op, outcome);
        } else {
            finalGenerator.onComplete(w.thread, op, outcome);
        }
        if (outcome.type() == Op.Type.INFO) {
            w.process += workers.length;
            if (!workload.reusableClients()) {
                w.client.close();
                w.client = null;
                w.session = null;
            }
        }
        w.busy = false;
        inFlight--;
        if (finalGenerator != null) {
            nextFinal(w);
        }
        if (waitingForThread && !exhausted) {
            waitingForThread = false;
            emitScheduled();
        }
        maybeDone();
    }

    private void maybeDone() {
        if (exhausted && inFlight == 0 && onPhaseDone != null) {
            Runnable done = onPhaseDone;
            onPhaseDone = null;
            done.run();
        }
    }

    /** Closes every open client at the end of the run. */
    public void closeAll() {
        for (Worker w : workers) {
            if (w.client != null) {
                w.client.close();
                w.client = null;
            }
        }
    }

    public int inFlight() {
        return inFlight;
    }

    public long invocations() {
        return invocations;
    }

    private static final class Worker {
        final int thread;
        long process;
        Client client;
        ClientSession session;
        boolean busy;

        Worker(int thread) {
            this.thread = thread;
            this.process = thread;
        }
    }
}
