package glomers.harness.check.elle;

import java.util.List;

/** Explains why op b depends on op a, by their history indices; null when it cannot. */
@FunctionalInterface
public interface PairExplainer {

    Step explain(int a, int b);

    /**
     * Elle's CombinedExplainer: the first explainer that can explain the pair speaks for it, so
     * their order decides which rel an edge carrying several is named by.
     */
    static PairExplainer firstOf(List<PairExplainer> explainers) {
        List<PairExplainer> copy = List.copyOf(explainers);
        return (a, b) -> {
            for (PairExplainer e : copy) {
                Step s = e.explain(a, b);
                if (s != null) {
                    return s;
                }
            }
            return null;
        };
    }
}
