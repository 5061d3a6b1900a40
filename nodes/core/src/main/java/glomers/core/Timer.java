package glomers.core;

/** A scheduled task that can be cancelled; cancelling twice, or after it ran, is harmless. */
public interface Timer {
    void cancel();
}
