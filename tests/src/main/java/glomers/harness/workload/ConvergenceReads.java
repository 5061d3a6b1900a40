package glomers.harness.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.harness.history.Op;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Beyond Maelstrom, for workloads whose nodes must end holding the same state: read-only requests
 * that together read back every key a history wrote, sent to every node once the run is over
 * (the harness's convergence phase), and how to read their replies. These reads never enter the
 * history, so Maelstrom's checkers judge exactly what Maelstrom would.
 */
public interface ConvergenceReads {

    /** The request bodies (type and fields; the client adds msg_id) that read every key {@code ops} wrote. */
    List<ObjectNode> requests(List<Op> ops);

    /**
     * Each key's value in the reply to {@code request}, keyed by the key's JSON text, with values
     * that mean the same written alike (a list-append key's {@code null} and {@code []}); empty when
     * the reply is not a complete answer (an error, a malformed body), which the phase retries.
     */
    Optional<Map<String, JsonNode>> values(ObjectNode request, ObjectNode reply);
}
