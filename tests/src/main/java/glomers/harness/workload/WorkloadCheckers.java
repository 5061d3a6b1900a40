package glomers.harness.workload;

import glomers.harness.check.Checker;
import glomers.harness.check.CounterChecker;
import glomers.harness.check.EchoChecker;
import glomers.harness.check.KafkaChecker;
import glomers.harness.check.ListAppendChecker;
import glomers.harness.check.RwRegisterChecker;
import glomers.harness.check.UniqueIdsChecker;
import glomers.harness.check.linear.LinearizableChecker;
import glomers.harness.check.SetFullChecker;
import java.util.List;

/** Each workload's own checker, by the rules of its Maelstrom namesake. */
final class WorkloadCheckers {

    private WorkloadCheckers() {
    }

    static List<Checker> echo() {
        return List.of(new EchoChecker());
    }

    static List<Checker> broadcast() {
        return List.of(new SetFullChecker());
    }

    /** g-set is checked as broadcast is: set-full, with its adds as they are. */
    static List<Checker> gSet() {
        return List.of(new SetFullChecker());
    }

    /** g-counter uses pn-counter's checker unchanged. */
    static List<Checker> counter() {
        return List.of(new CounterChecker());
    }

    /** Elle's rw-register under the run's --consistency-models, as txn_rw_register.clj wraps it. */
    static List<Checker> txnRwRegister(WorkloadOptions options) {
        return List.of(new RwRegisterChecker(options.consistencyModels()));
    }

    /** Elle's list-append under the run's --consistency-models, reported unchanged as txn_list_append.clj does. */
    static List<Checker> txnListAppend(WorkloadOptions options) {
        return List.of(new ListAppendChecker(options.consistencyModels()));
    }

    /** jepsen.tests.kafka's checker, as Maelstrom's kafka.clj configures it. */
    static List<Checker> kafka() {
        return List.of(new KafkaChecker());
    }

    static List<Checker> uniqueIds() {
        return List.of(new UniqueIdsChecker());
    }

    /** jepsen.independent's checker over Knossos's linearizable cas-register, as lin_kv.clj composes it. */
    static List<Checker> linKv() {
        return List.of(new LinearizableChecker());
    }
}
