package glomers.core;

/** The two times a node may read, handed in so the simulator can own them. */
public interface Clock {

    /** Monotonic nanoseconds, for deadlines. */
    long nanoTime();

    /** Wall-clock milliseconds since the Unix epoch. */
    long epochMillis();
}
