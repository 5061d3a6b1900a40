package glomers.harness.net;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Maelstrom's latency distributions, with {@code --latency} as the mean in milliseconds:
 * constant; uniform, an integer in [0, 2·mean); exponential with rate 1/mean, truncated to whole
 * milliseconds.
 */
public record LatencyModel(Distribution distribution, long meanMs) {

    public enum Distribution { CONSTANT, UNIFORM, EXPONENTIAL }

    public static LatencyModel parse(String dist, long meanMs) {
        return new LatencyModel(Distribution.valueOf(dist.toUpperCase(Locale.ROOT)), meanMs);
    }

    public long drawNanos(SplittableRandom random) {
        if (meanMs <= 0) {
            return 0;
        }
        long ms = switch (distribution) {
            case CONSTANT -> meanMs;
            case UNIFORM -> random.nextLong(2 * meanMs);
            case EXPONENTIAL -> (long) (-Math.log(1.0 - random.nextDouble()) * meanMs);
        };
        return ms * 1_000_000L;
    }
}
