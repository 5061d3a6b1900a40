package glomers.core;

/** A clock the test steps by hand. */
final class FakeClock implements Clock {

    long nanos;
    long millis = 1_750_000_000_000L;

    FakeClock(long startNanos) {
        this.nanos = startNanos;
    }

    void advanceMillis(long ms) {
        nanos += ms * 1_000_000L;
        millis += ms;
    }

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public long epochMillis() {
        return millis;
    }
}
