package glomers.harness.cluster;

/**
 * A node the pause nemesis can freeze, as a long garbage-collection or VM pause does: it handles
 * nothing and no timer fires while paused, and on resuming it takes everything that queued up.
 */
public interface Pausable {

    String id();

    boolean up();

    boolean paused();

    void pause();

    void resume();
}
