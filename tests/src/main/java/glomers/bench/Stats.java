package glomers.bench;

import java.util.Arrays;

/** Order statistics over a small sample, and the table the benchmarks print. */
final class Stats {

    private Stats() {
    }

    /** The q-quantile (0..1) by nearest rank. */
    static long quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return quantile(sorted, 0.5);
    }

    static long max(long[] values) {
        return Arrays.stream(values).max().orElse(0);
    }

    static String ms(long nanos) {
        return String.format("%.1f ms", nanos / 1e6);
    }

    static String us(long nanos) {
        return String.format("%.0f us", nanos / 1e3);
    }

    static void row(String name, String median, String max, String bar, boolean pass) {
        System.out.printf("%-34s %14s %14s   %-16s %s%n", name, median, max, bar, pass ? "PASS" : "FAIL");
    }

    static void header(String what) {
        System.out.printf("%n%-34s %14s %14s   %-16s %s%n", what, "median", "max", "bar", "");
    }

    /** A row with a p90 column between median and max. */
    static void row(String name, String median, String p90, String max, String bar, boolean pass) {
        System.out.printf("%-34s %14s %14s %14s   %-16s %s%n", name, median, p90, max, bar, pass ? "PASS" : "FAIL");
    }

    static void headerWithP90(String what) {
        System.out.printf("%n%-34s %14s %14s %14s   %-16s %s%n", what, "median", "p90", "max", "bar", "");
    }
}
