package glomers.harness.cluster;

/** A node the crash nemesis can kill without warning and start again with the same id. */
public interface Crashable {

    String id();

    boolean up();

    /** Kills the node: its memory is gone, what it synced to its disk stays, deliveries are lost. */
    void crash();

    /** Starts it again, re-initialised with the original init, whose init_ok goes nowhere. */
    void restart();
}
