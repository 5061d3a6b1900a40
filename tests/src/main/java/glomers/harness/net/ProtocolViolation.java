package glomers.harness.net;

/**
 * A node output that makes Maelstrom stop reading that node for the rest of the run (process.clj
 * parse-msg, net.clj validate-msg). The harness does the same and fails the run with this.
 */
public record ProtocolViolation(String node, String reason, String line, long timeNanos) {

    public String describe() {
        String shown = line.length() > 300 ? line.substring(0, 300) + "..." : line;
        return "node " + node + " broke the protocol at " + timeNanos / 1_000_000 + " ms (" + reason
                + "); Maelstrom stops reading its stdout from here on. Line: " + shown;
    }
}
