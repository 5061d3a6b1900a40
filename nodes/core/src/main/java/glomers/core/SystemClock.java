package glomers.core;

/**
 * The real clocks; the only place in the node code that reads them. Public for the simulator,
 * which times handlers in real time ({@link NodeHost#timeHandlersWith}).
 */
@SuppressForbidden("the one place that reads the real clocks")
public final class SystemClock implements Clock {

    public static final Clock REAL = new SystemClock();

    private SystemClock() {
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long epochMillis() {
        return System.currentTimeMillis();
    }
}
