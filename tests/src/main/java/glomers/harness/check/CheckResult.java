package glomers.harness.check;

import java.util.Map;

/**
 * One checker's result: its Maelstrom-equivalent verdict, the fields Maelstrom reports for it
 * (named as Maelstrom names them, e.g. "ok-fraction", "msgs-per-op", "stable-latencies"), and
 * findings this harness checks beyond Maelstrom, which never change {@link #valid}.
 */
public record CheckResult(String checker, Validity valid, Map<String, Object> fields, Map<String, Object> extraFindings) {

    public static CheckResult of(String checker, Validity valid, Map<String, Object> fields) {
        return new CheckResult(checker, valid, fields, Map.of());
    }
}
