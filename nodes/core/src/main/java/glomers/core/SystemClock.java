package glomers.core;

/** The real clocks; the only place in the node code that reads them. */
@SuppressForbidden("the one place that reads the real clocks")
final class SystemClock implements Clock {

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long epochMillis() {
        return System.currentTimeMillis();
    }
}
