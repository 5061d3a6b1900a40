package glomers.harness.check.elle;

import java.util.Map;
import java.util.function.BinaryOperator;

/** Why one op precedes another in a cycle: one step of its explanation (Elle's explain-pair-data). */
public interface Step {

    /** The rel this step shows; it decides the cycle's anomaly type. */
    Rel type();

    /** Elle's data for the step besides its type, e.g. key, value, value', a-mop-index, b-mop-index. */
    Map<String, Object> fields();

    /** The reason in words, naming the two ops: "T1 wrote 5 = 3, which was read by T2". */
    String render(String a, String b);

    /** A step with these data, rendered by {@code render(a, b)}. */
    static Step of(Rel type, Map<String, Object> fields, BinaryOperator<String> render) {
        return new Step() {
            @Override
            public Rel type() {
                return type;
            }

            @Override
            public Map<String, Object> fields() {
                return fields;
            }

            @Override
            public String render(String a, String b) {
                return render.apply(a, b);
            }
        };
    }
}
