package glomers.harness.check.linear;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One key's verdict and what the search cost.
 *
 * @param cause       why the verdict is unknown (the budget ran out), else null
 * @param explanation when invalid: {@link Frontier#explain()}, else null
 * @param memo        configurations memoised
 */
record KeyVerdict(JsonNode key, Outcome outcome, String cause, Map<String, Object> explanation, int ops,
                  long steps, int memo, long nanos) {

    enum Outcome { VALID, INVALID, UNKNOWN }
}
