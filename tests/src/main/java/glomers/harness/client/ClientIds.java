package glomers.harness.client;

/** Maelstrom's single global client counter: c0, c1, ... in the order clients are opened. */
public final class ClientIds {

    private long next;

    public String next() {
        return "c" + next++;
    }
}
