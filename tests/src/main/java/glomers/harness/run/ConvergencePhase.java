package glomers.harness.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.harness.client.Client;
import glomers.harness.client.ClientIds;
import glomers.harness.history.Op;
import glomers.harness.net.Network;
import glomers.harness.sched.Scheduler;
import glomers.harness.workload.ConvergenceReads;
import glomers.harness.workload.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Beyond Maelstrom, after the workload's last op: heal the network, stop counting messages in
 * Maelstrom's net figures, wait {@code settleNanos} for replication to settle, then read every
 * key the history wrote on every node (one client per node, one read request at a time), and
 * compare ({@link ConvergenceReport}). A node that does not answer (a timeout, an error such as
 * 11 from a Raft node still electing, a malformed reply) is asked again every
 * {@link #RETRY_NANOS}, until {@link #GIVE_UP_NANOS} after the settle; then it is reported
 * unanswered. Nothing here enters the history.
 */
final class ConvergencePhase {

    static final long RETRY_NANOS = 1_000_000_000L;
    /** Each node's budget for all its reads, from the end of the settle. */
    static final long GIVE_UP_NANOS = 30_000_000_000L;

    private final Scheduler scheduler;
    private final Network network;
    private final ClientIds clientIds;
    private final List<String> nodes;
    private final ConvergenceReads reads;
    private final long settleNanos;
    private final List<Client> clients = new ArrayList<>();
    private final Map<String, Map<String, JsonNode>> valuesByNode = new LinkedHashMap<>();
    private final Map<String, String> unanswered = new LinkedHashMap<>();
    private List<ObjectNode> requests;
    private List<String> keys;
    private long sent;
    private long healedAtNanos;
    private int pendingNodes;
    private Runnable done;
    private ConvergenceReport report;

    ConvergencePhase(Scheduler scheduler, Network network, ClientIds clientIds, List<String> nodes,
                     ConvergenceReads reads, long settleNanos) {
        this.scheduler = scheduler;
        this.network = network;
        this.clientIds = clientIds;
        this.nodes = List.copyOf(nodes);
        this.reads = reads;
        this.settleNanos = settleNanos;
    }

    /** The phase for {@code workload}, or empty when it has no convergence reads or the run turned it off. */
    static Optional<ConvergencePhase> of(RunConfig config, Workload workload, Scheduler scheduler, Network network,
                                         ClientIds clientIds) {
        if (!config.convergence()) {
            return Optional.empty();
        }
        return workload.convergenceReads().map(r -> new ConvergencePhase(scheduler, network, clientIds, config.nodes(),
                r, (long) (config.convergenceSettleSeconds() * 1e9)));
    }

    /** Starts now, after the last op of {@code ops}; {@code onDone} runs once every node is read or given up. */
    void start(List<Op> ops, Runnable onDone) {
        done = onDone;
        network.heal();
        network.journal().close();
        healedAtNanos = scheduler.nowNanos();
        requests = reads.requests(ops);
        keys = new ArrayList<>();
        for (ObjectNode request : requests) {
            request.get("txn").forEach(mop -> keys.add(mop.get(1).toString()));
        }
        pendingNodes = nodes.size();
        scheduler.at(healedAtNanos + settleNanos, () -> {
            long giveUpAt = scheduler.nowNanos() + GIVE_UP_NANOS;
            nodes.forEach(node -> new NodeReads(node, giveUpAt).next());
        });
    }

    /** Closes the phase's clients once the run's loop has stopped (a late reply to a closed client is a protocol breach). */
    void closeAll() {
        clients.forEach(Client::close);
        clients.clear();
    }

    /** The comparison, once the phase is done; null before. */
    ConvergenceReport report() {
        return report;
    }

    /** Upper bound of the phase's length, for the run's hard limit. */
    long maxNanos() {
        return settleNanos + GIVE_UP_NANOS + Workload.DEFAULT_TIMEOUT_NANOS + RETRY_NANOS;
    }

    private void nodeDone() {
        if (--pendingNodes > 0) {
            return;
        }
        Map<String, Map<String, JsonNode>> inNodeOrder = new LinkedHashMap<>();
        nodes.stream().filter(valuesByNode::containsKey).forEach(n -> inNodeOrder.put(n, valuesByNode.get(n)));
        report = ConvergenceReport.compare(keys, inNodeOrder, unanswered, sent, settleNanos / 1e9,
                (scheduler.nowNanos() - healedAtNanos) / 1e9, network.journal().afterClose());
        done.run();
    }

    /** One node's reads, one request at a time, each retried until the node's budget runs out. */
    private final class NodeReads {
        private final String node;
        private final long giveUpAtNanos;
        private final Client client;
        private final Map<String, JsonNode> values = new LinkedHashMap<>();
        private int next;

        NodeReads(String node, long giveUpAtNanos) {
            this.node = node;
            this.giveUpAtNanos = giveUpAtNanos;
            this.client = new Client(clientIds.next(), node, network, scheduler);
            clients.add(client);
        }

        void next() {
            if (next == requests.size()) {
                valuesByNode.put(node, values);
                nodeDone();
                return;
            }
            ObjectNode request = requests.get(next);
            sent++;
            client.call(request.deepCopy(), Workload.DEFAULT_TIMEOUT_NANOS, reply -> {
                Optional<Map<String, JsonNode>> answer = reads.values(request, reply);
                if (answer.isPresent()) {
                    values.putAll(answer.get());
                    next++;
                    next();
                    return;
                }
                String problem = reply == null ? "no reply within 5 s" : "replied " + reply;
                if (scheduler.nowNanos() + RETRY_NANOS > giveUpAtNanos) {
                    unanswered.put(node, problem.length() > 300 ? problem.substring(0, 300) + "..." : problem);
                    nodeDone();
                    return;
                }
                scheduler.at(scheduler.nowNanos() + RETRY_NANOS, this::next);
            });
        }
    }
}
