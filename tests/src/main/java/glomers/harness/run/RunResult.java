package glomers.harness.run;

import glomers.harness.check.CheckResult;
import glomers.harness.check.RunFacts;
import glomers.harness.check.Validity;
import glomers.harness.history.History;
import glomers.harness.net.MessageLog;
import glomers.harness.net.ProtocolViolation;
import java.util.List;
import java.util.Map;

/**
 * What one run produced. {@code abortReason} is set when Maelstrom would have ended with exit
 * code 255 (a node crashed, init failed, or a node broke the protocol); checker results are then
 * absent for crashes and init failures, as in Maelstrom, and present for protocol violations.
 * {@code convergence} is the transaction workloads' check beyond Maelstrom, null when it did not run.
 */
public record RunResult(
        RunConfig config,
        String runName,
        Validity verdict,
        String abortReason,
        List<ProtocolViolation> violations,
        List<CheckResult> checks,
        History history,
        RunFacts facts,
        String historyHash,
        double runSeconds,
        double wallSeconds,
        Map<String, String> nodeStderr,
        Map<String, Long> serverMessagesByType,
        Map<String, Long> serverMessagesDroppedByType,
        long relayedByServers,
        MessageLog messages,
        ConvergenceReport convergence) {

    public boolean aborted() {
        return abortReason != null;
    }

    /**
     * Maelstrom's exit codes: 0 valid, 1 invalid, 2 unknown, 255 aborted; beyond Maelstrom, 1 also
     * when the nodes did not converge (the verdict stays Maelstrom's: {@link #verdictText}).
     */
    public int exitCode() {
        if (aborted()) {
            return 255;
        }
        return convergenceFailed() ? 1 : exitCode(verdict);
    }

    /** The convergence phase ran and the nodes disagree, or one did not answer. */
    public boolean convergenceFailed() {
        return convergence != null && !convergence.converged();
    }

    public static int exitCode(Validity verdict) {
        return switch (verdict) {
            case TRUE -> 0;
            case FALSE -> 1;
            case UNKNOWN -> 2;
        };
    }

    public String verdictText() {
        return aborted() ? "aborted" : verdictText(verdict);
    }

    public static String verdictText(Validity verdict) {
        return switch (verdict) {
            case TRUE -> "valid";
            case FALSE -> "INVALID";
            case UNKNOWN -> "unknown";
        };
    }
}
