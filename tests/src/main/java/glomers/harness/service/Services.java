package glomers.harness.service;

import glomers.harness.net.Network;
import java.util.SplittableRandom;

/** Maelstrom's default services, always on the network: lin-kv, seq-kv, lww-kv, lin-tso. */
public final class Services {

    private Services() {
    }

    /** Adds the four services; {@code random} seeds seq-kv's and lww-kv's choices. */
    public static void start(Network network, SplittableRandom random) {
        network.add("lin-kv", new LinKv(network));
        network.add("seq-kv", new SeqKv(network, random.split()));
        network.add("lww-kv", new LwwKv(network, random.split()));
        network.add("lin-tso", new LinTso(network));
    }
}
