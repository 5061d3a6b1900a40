package glomers.harness.check.linear;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** One key's ops in invocation order, with its values; what one search runs on. */
record KeyHistory(JsonNode key, List<RegisterOp> ops, ValueTable values) {
}
