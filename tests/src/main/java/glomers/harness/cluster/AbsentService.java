package glomers.harness.cluster;

import glomers.core.Message;
import glomers.harness.net.Endpoint;
import java.io.PrintStream;
import java.util.List;

/**
 * Maelstrom's services (lin-kv, seq-kv, lww-kv, lin-tso) are always valid destinations there, so
 * they must be here too, or a node using them would look like it broke the protocol. This
 * harness does not implement them yet: requests are accepted, journalled as server messages
 * and never answered (the caller times out), and the first one is reported on stderr.
 */
public final class AbsentService implements Endpoint {

    public static final List<String> IDS = List.of("lin-kv", "seq-kv", "lww-kv", "lin-tso");

    private final String id;
    private final PrintStream warnings;
    private boolean warned;

    public AbsentService(String id, PrintStream warnings) {
        this.id = id;
        this.warnings = warnings;
    }

    @Override
    public void deliver(Message message, long envelopeId) {
        if (!warned && warnings != null) {
            warned = true;
            warnings.println("[harness] WARNING: " + message.src() + " used the " + id
                    + " service, which this harness does not implement yet; its requests go unanswered");
        }
    }
}
