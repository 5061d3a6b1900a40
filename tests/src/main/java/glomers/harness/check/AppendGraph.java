package glomers.harness.check;

import com.fasterxml.jackson.databind.JsonNode;
import glomers.harness.check.elle.DepGraph;
import glomers.harness.check.elle.PairExplainer;
import glomers.harness.check.elle.Rel;
import glomers.harness.check.elle.Step;
import glomers.harness.history.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;
import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;

/**
 * elle.list-append's dependency graph over the ok and info txns (its {@code graph}: ww, wr and
 * rw graphs combined, explained in that order), plus the realtime or process order when the
 * models need it:
 *
 * <ul>
 *   <li>ww: the writer of the element just before e in the key's order precedes e's writer; an
 *       element no read placed follows the last placed one; none from the initial state.</li>
 *   <li>wr: the writer of a read's last element precedes the reader.</li>
 *   <li>rw: every txn that read the state just before e (its last element, or nil or [] for the
 *       initial state) precedes e's writer.</li>
 * </ul>
 * Never from a txn to itself. Writers are the ok and info completions that append (the last
 * one, should two); an element whose writer is unknown (a failed txn's, or nobody's) gives no
 * ww or wr edge, as in Elle.
 */
final class AppendGraph {

    /** Elle's explanation order for list-append: ww, wr, rw, then the order graphs. */
    static final List<Rel> LABEL_ORDER = List.of(Rel.WW, Rel.WR, Rel.RW, Rel.PROCESS, Rel.REALTIME);

    static final String INIT = "::init";

    final DepGraph graph = new DepGraph();
    final PairExplainer explainer;
    final AppendOrders orders;
    private final AppendTxns txns;
    /** (key, element) to the ok or info completion that appended it. */
    private final LongIntHashMap writers = new LongIntHashMap();
    /** (key, last element or INIT) to the ops that read that state. */
    private final LongObjectHashMap<IntArrayList> readers = new LongObjectHashMap<>();

    AppendGraph(AppendTxns txns, ElleResults.Order order) {
        this.txns = txns;
        this.orders = new AppendOrders(txns, AppendTxns::possible);
        for (Op op : txns.clientOps) {
            if (!AppendTxns.possible(op)) {
                continue;
            }
            for (AppendTxns.Mop m : txns.mops(op)) {
                if (m.write()) {
                    writers.put(AppendTxns.pair(m.k(), m.element()), op.index());
                } else if (!(op.type() == Op.Type.INFO && m.list() == null)) {
                    // An info op's nil read is the invocation's placeholder, not an observation.
                    readers.getIfAbsentPut(AppendTxns.pair(m.k(), m.last()), IntArrayList::new).add(op.index());
                }
            }
        }
        for (Op op : txns.clientOps) {
            if (AppendTxns.possible(op)) {
                link(op.index());
            }
        }
        List<PairExplainer> explainers = new ArrayList<>(List.of(this::explainWw, this::explainWr, this::explainRw));
        order.addTo(graph, explainers, txns.clientOps, txns::op, txns::counterpart);
        this.explainer = PairExplainer.firstOf(explainers);
    }

    private void link(int op) {
        for (AppendTxns.Mop m : txns.mops(op)) {
            if (m.write()) {
                int prev = orders.previous(m.k(), m.element());
                int w = writer(m.k(), prev);
                if (w >= 0 && w != op) {
                    graph.link(w, op, Rel.WW.bit());
                }
                IntArrayList rs = readers.get(AppendTxns.pair(m.k(), prev));
                if (rs != null) {
                    for (int i = 0; i < rs.size(); i++) {
                        if (rs.get(i) != op) {
                            graph.link(rs.get(i), op, Rel.RW.bit());
                        }
                    }
                }
            } else {
                int w = writer(m.k(), m.last());
                if (w >= 0 && w != op) {
                    graph.link(w, op, Rel.WR.bit());
                }
            }
        }
    }

    /** The ok or info op that appended the element, or -1 (also for the initial state). */
    int writer(int k, int element) {
        return element == AppendTxns.INIT ? -1 : writers.getIfAbsent(AppendTxns.pair(k, element), -1);
    }

    private Step explainWw(int a, int b) {
        for (AppendTxns.Mop m : txns.mops(b)) {
            if (!m.write()) {
                continue;
            }
            int prev = orders.previous(m.k(), m.element());
            if (prev != AppendTxns.INIT && writer(m.k(), prev) == a && a != b) {
                JsonNode k = m.key().node;
                JsonNode v = txns.elementNode(prev);
                JsonNode v2 = m.value().node;
                return Step.of(Rel.WW, fields(k, v, v2, txns.mopIndex(a, true, m.k(), prev, null),
                        txns.mopIndex(b, true, m.k(), m.element(), null)),
                        (x, y) -> y + " appended " + v2 + " after " + x + " appended " + v + " to " + k);
            }
        }
        return null;
    }

    private Step explainWr(int a, int b) {
        for (AppendTxns.Mop m : txns.mops(b)) {
            if (m.write() || m.last() == AppendTxns.INIT || writer(m.k(), m.last()) != a || a == b) {
                continue;
            }
            JsonNode k = m.key().node;
            JsonNode v = txns.elementNode(m.last());
            return Step.of(Rel.WR, fields(k, v, null, txns.mopIndex(a, true, m.k(), m.last(), null),
                    txns.mopIndex(b, false, m.k(), -1, m.list())),
                    (x, y) -> y + " observed " + x + "'s append of " + v + " to key " + k);
        }
        return null;
    }

    private Step explainRw(int a, int b) {
        List<AppendTxns.Mop> bMops = txns.mops(b);
        for (int i = 0; i < bMops.size(); i++) {
            AppendTxns.Mop m = bMops.get(i);
            if (!m.write() || a == b) {
                continue;
            }
            int prev = orders.previous(m.k(), m.element());
            IntArrayList rs = readers.get(AppendTxns.pair(m.k(), prev));
            if (rs == null || !rs.contains(a)) {
                continue;
            }
            JsonNode k = m.key().node;
            JsonNode v2 = m.value().node;
            Object v = prev == AppendTxns.INIT ? INIT : txns.elementNode(prev);
            int aMop = -1;
            List<AppendTxns.Mop> aMops = txns.mops(a);
            for (int j = 0; j < aMops.size() && aMop < 0; j++) {
                AppendTxns.Mop r = aMops.get(j);
                if (!r.write() && r.k() == m.k() && r.last() == prev) {
                    aMop = j;
                }
            }
            return Step.of(Rel.RW, fields(k, v, v2, aMop, i), (x, y) -> prev == AppendTxns.INIT
                    ? x + " observed the initial (nil) state of " + k + ", which " + y + " created by appending " + v2
                    : x + " did not observe " + y + "'s append of " + v2 + " to " + k);
        }
        return null;
    }

    private static Map<String, Object> fields(JsonNode k, Object v, JsonNode v2, int aMop, int bMop) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", k);
        m.put("value", v);
        if (v2 != null) {
            m.put("value'", v2);
        }
        m.put("a-mop-index", aMop < 0 ? null : aMop);
        m.put("b-mop-index", bMop < 0 ? null : bMop);
        return m;
    }
}
