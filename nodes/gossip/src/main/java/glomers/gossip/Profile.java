package glomers.gossip;

import java.util.List;
import java.util.Locale;

/**
 * An operating point on the trade-off between messages and latency, chosen by a node argument
 * ({@code profile=NAME}, {@code --profile NAME}, or the bare name).
 *
 * @param overlay           who sends to whom
 * @param hubWindowMs       how long the hub collects values before one fan-out to every peer
 * @param hubOwnWindowMs    how long values from the hub's own clients may wait for a fan-out,
 *                          and what a peer back from a cut held back (see {@link SetReplica})
 * @param edgeWindowMs      how long a non-hub node collects its clients' values before sending
 *                          them to the hub (0: at once); windows are aligned on the wall clock so
 *                          every node's batch reaches the hub together
 * @param ackDelayMs        how long an owed acknowledgement waits for traffic to ride on
 * @param retransmitMs      first retransmission timeout; doubles while unanswered...
 * @param maxRetransmitMs   ...up to this, kept well under Maelstrom's 10 s wait before final reads;
 *                          a timeout also makes the peer's next gossip a probe ({@link PeerCircuit}),
 *                          and a peer that leaves the probe unanswered is passed over as a relay
 * @param antiEntropyMs     period of the digest exchange with one random peer, while any
 *                          sign of divergence (a retransmission, a restarted peer) was seen
 */
public record Profile(String name, Overlay overlay, long hubWindowMs, long hubOwnWindowMs, long edgeWindowMs,
               long ackDelayMs, long retransmitMs, long maxRetransmitMs, long antiEntropyMs) {

    public enum Overlay {
        /** Every node sends its clients' values straight to every peer: one hop. */
        MESH,
        /** Nodes send to one hub, which batches and fans out to everyone: two hops. */
        HUB
    }

    public static final Profile LATENCY = new Profile("latency", Overlay.MESH, 0, 0, 0, 3000, 4000, 5000, 2000);
    public static final Profile DEFAULT = new Profile("default", Overlay.HUB, 100, 100, 0, 2000, 3000, 5000, 2000);
    public static final Profile EFFICIENT = new Profile("efficient", Overlay.HUB, 300, 300, 0, 2000, 3000, 5000, 2000);
    public static final Profile FRUGAL = new Profile("frugal", Overlay.HUB, 40, 1200, 1000, 2500, 3500, 5000, 2000);

    public static final List<Profile> ALL = List.of(LATENCY, DEFAULT, EFFICIENT, FRUGAL);

    /** The profile the node arguments name; the default when they name none. */
    public static Profile fromArgs(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = null;
            if (arg.startsWith("profile=") || arg.startsWith("--profile=")) {
                name = arg.substring(arg.indexOf('=') + 1);
            } else if (arg.equals("--profile") && i + 1 < args.size()) {
                name = args.get(++i);
            } else if (byName(arg) != null) {
                name = arg;
            }
            if (name != null) {
                Profile profile = byName(name);
                if (profile == null) {
                    throw new IllegalArgumentException("unknown profile '" + name + "'; valid: " + names());
                }
                return profile;
            }
        }
        return DEFAULT;
    }

    public static String names() {
        return String.join(", ", ALL.stream().map(Profile::name).toList());
    }

    private static Profile byName(String name) {
        for (Profile profile : ALL) {
            if (profile.name.equals(name.toLowerCase(Locale.ROOT))) {
                return profile;
            }
        }
        return null;
    }
}
