package glomers.harness.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.harness.net.MessageLogFile;
import glomers.harness.net.MessageLogFile.Entry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The run page's message timeline, a Lamport diagram like Maelstrom's messages.svg: nodes,
 * services and clients as columns, each message an arrow from (src, send time) to (dest,
 * receive time). The page embeds bounded spans of messages as JSON (the start of the run and a
 * little around the first partitions and the first anomalies the checkers found, or the window
 * {@code report --html DIR --window FROM-TO} asks for) and a small inline script draws the
 * window the reader picks as SVG. It is a diagram, not a chart, so it is not drawn by the
 * charting library.
 */
final class MessageTimeline {

    static final double START_SPAN_S = 3;
    static final int START_SPAN_MAX = 2500;
    static final int PARTITION_SPANS = 3;
    static final double BEFORE_PARTITION_S = 0.5;
    static final double AFTER_PARTITION_S = 1.5;
    static final int PARTITION_SPAN_MAX = 1500;
    /** Around an anomaly's ops: a little before an invocation, more after a completion; its pieces share the cap. */
    static final double BEFORE_ANOMALY_S = 0.2;
    static final double AFTER_ANOMALY_S = 0.5;
    static final int ANOMALY_SPAN_MAX = PARTITION_SPAN_MAX;
    static final int WINDOW_MAX = 6000;
    /** The first view: the first second, or the first this many messages if they come sooner. */
    static final int FIRST_VIEW_MESSAGES = 400;
    private static final long SECOND_NS = 1_000_000_000L;
    private static final String[] FATE_CODES = {"delivered", "dropped", "lost", "undelivered"};

    /** A span of relative time in seconds, as {@code --window FROM-TO} gives it. */
    record Window(double fromS, double toS) {
        private static final Pattern SPEC = Pattern.compile("(\\d+(?:\\.\\d+)?)-(\\d+(?:\\.\\d+)?)");

        static Window parse(String spec) {
            Matcher m = SPEC.matcher(spec.trim());
            if (!m.matches() || Double.parseDouble(m.group(2)) <= Double.parseDouble(m.group(1))) {
                throw new IllegalArgumentException("--window wants FROM-TO in seconds, FROM < TO (e.g. 12-14.5): "
                        + spec);
            }
            return new Window(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)));
        }
    }

    /** A button on the page: a window worth looking at; {@code kind} start, partition, anomaly or window. */
    record View(String kind, String label, double fromS, double toS) {
    }

    private final MessageLogFile.Header header;
    private final List<Entry> entries;
    private final List<View> views;
    private final List<long[]> spansNs;

    private MessageTimeline(MessageLogFile.Header header, List<Entry> entries, List<View> views, List<long[]> spans) {
        this.header = header;
        this.entries = entries;
        this.views = views;
        this.spansNs = spans;
    }

    /**
     * Reads the spans to embed from the run's message log; {@code window} null for the default,
     * which also holds the spans around {@code anomalies} (run time, as {@link AnomalySpans} finds them).
     */
    static MessageTimeline read(MessageLogFile.Source log, List<double[]> partitions,
                                List<AnomalySpans.Span> anomalies, Window window) throws IOException {
        List<long[]> spans = new ArrayList<>();
        List<Integer> caps = new ArrayList<>();
        if (window != null) {
            spans.add(new long[] {ns(window.fromS()), ns(window.toS())});
            caps.add(WINDOW_MAX);
        } else {
            spans.add(new long[] {Long.MIN_VALUE, ns(START_SPAN_S)});
            caps.add(START_SPAN_MAX);
            for (int p = 0; p < Math.min(PARTITION_SPANS, partitions.size()); p++) {
                double start = partitions.get(p)[0];
                spans.add(new long[] {ns(Math.max(0, start - BEFORE_PARTITION_S)), ns(start + AFTER_PARTITION_S)});
                caps.add(PARTITION_SPAN_MAX);
            }
            for (AnomalySpans.Span a : anomalies) {
                for (double[] piece : a.pieces()) {
                    spans.add(new long[] {ns(Math.max(0, piece[0] - BEFORE_ANOMALY_S)), ns(piece[1] + AFTER_ANOMALY_S)});
                    caps.add(ANOMALY_SPAN_MAX / a.pieces().size());
                }
            }
        }
        List<Entry> entries = new ArrayList<>();
        MessageLogFile.Header header = log.read(spans, caps.stream().mapToInt(i -> i).toArray(), entries);
        List<View> views = new ArrayList<>();
        if (window != null) {
            views.add(new View("window", "the window asked for", window.fromS(), window.toS()));
        } else {
            views.add(firstView(entries));
            for (int p = 0; p < Math.min(PARTITION_SPANS, partitions.size()); p++) {
                double start = partitions.get(p)[0];
                views.add(new View("partition", String.format(Locale.ROOT, "partition %d at %.3f s", p + 1, start),
                        Math.max(0, start - BEFORE_PARTITION_S / 2), start + AFTER_PARTITION_S / 3));
            }
            for (AnomalySpans.Span a : anomalies) {
                for (int i = 0; i < a.pieces().size(); i++) {
                    double[] piece = a.pieces().get(i);
                    views.add(new View("anomaly", a.label(i), Math.max(0, piece[0] - BEFORE_ANOMALY_S / 2),
                            piece[1] + AFTER_ANOMALY_S / 2));
                }
            }
        }
        return new MessageTimeline(header, entries, views, spans);
    }

    private static View firstView(List<Entry> entries) {
        if (entries.isEmpty()) {
            return new View("start", "start", 0, 1);
        }
        // Down to the millisecond, so that init, sent just before time 0, is in the window.
        double from = Math.min(0, Math.floor(entries.get(0).sentNs() / 1e6) / 1e3);
        double to = 1;
        if (entries.size() > FIRST_VIEW_MESSAGES) {
            to = Math.min(to, entries.get(FIRST_VIEW_MESSAGES - 1).sentNs() / 1e9);
        }
        return new View("start", "start", from, Math.max(to, from + 0.001));
    }

    private static long ns(double seconds) {
        return Math.round(seconds * SECOND_NS);
    }

    MessageLogFile.Header header() {
        return header;
    }

    List<Entry> entries() {
        return entries;
    }

    void appendTo(StringBuilder html) {
        View first = views.get(0);
        html.append("<h2>Message timeline</h2>\n<div class=\"timeline\" data-chart=\"message-timeline\">\n<p>")
                .append("Each arrow is a message from its sender at the time it was sent to its receiver at the time ")
                .append("it arrived (time runs down); hover an arrow for its body. Dashed with a cross: dropped by a ")
                .append("partition, lost (the simulator's --loss), or never delivered (still queued at the end).")
                .append("</p>\n<p>")
                .append("<label>from <input class=\"tl-from\" type=\"number\" step=\"0.001\" value=\"")
                .append(seconds(first.fromS())).append("\"> s</label> <label>to <input class=\"tl-to\" type=\"number\"")
                .append(" step=\"0.001\" value=\"").append(seconds(first.toS())).append("\"> s</label> ")
                .append("<button type=\"button\" class=\"tl-draw\">draw</button>");
        for (View v : views) {
            html.append(" <button type=\"button\" class=\"tl-view\" data-view=\"").append(v.kind())
                    .append("\" data-from=\"").append(seconds(v.fromS()))
                    .append("\" data-to=\"").append(seconds(v.toS())).append("\">").append(RunPage.esc(v.label()))
                    .append("</button>");
        }
        html.append("</p>\n<p class=\"tl-note\">").append(RunPage.esc(spanNote())).append("</p>\n")
                .append("<p class=\"tl-legend\"></p>\n<div class=\"tl-scroll\"><div class=\"tl-head\"></div>")
                .append("<div class=\"tl-plot\"></div></div>\n")
                .append("<script type=\"application/json\" id=\"message-timeline-data\">").append(json())
                .append("</script>\n<script>").append(SCRIPT).append("</script>\n</div>\n");
    }

    /** What the page holds, and how to get another span. */
    private String spanNote() {
        StringBuilder note = new StringBuilder("This page embeds ").append(entries.size())
                .append(" messages, sent in ");
        for (int i = 0; i < spansNs.size(); i++) {
            long[] s = spansNs.get(i);
            note.append(i == 0 ? "" : ", ").append(s[0] == Long.MIN_VALUE ? "the start"
                    : seconds(s[0] / 1e9)).append("–").append(seconds(s[1] / 1e9)).append(" s");
        }
        note.append(" (at most ").append(views.get(0).kind().equals("window")
                ? WINDOW_MAX : START_SPAN_MAX).append(" a span), of ").append(header.sends())
                .append(" sent in the run");
        if (header.unrecorded() > 0) {
            note.append("; the run recorded the first ").append(header.recorded()).append(" only");
        }
        return note.append(". Another span: java -jar tests/target/harness.jar report --html RUN_DIR --window FROM-TO")
                .append(" (seconds).").toString();
    }

    /**
     * Names and types interned; a message is [sent ms, received or due ms, fate, src, dest, type,
     * msg_id, in_reply_to, body].
     */
    String json() {
        Map<String, Integer> typeCounts = new HashMap<>();
        Map<String, Boolean> names = new HashMap<>();
        for (Entry e : entries) {
            typeCounts.merge(e.type(), 1, Integer::sum);
            names.put(e.src(), true);
            names.put(e.dest(), true);
        }
        List<String> types = new ArrayList<>(typeCounts.keySet());
        // The commonest types get the first, most distinct colours.
        types.sort(Comparator.comparing((String t) -> -typeCounts.get(t)).thenComparing(t -> t));
        List<String> cols = new ArrayList<>(names.keySet());
        cols.sort(Comparator.comparingInt(MessageTimeline::kind).thenComparing(MessageTimeline::naturalKey));
        Map<String, Integer> colIndex = index(cols);
        Map<String, Integer> typeIndex = index(types);
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode colArray = root.putArray("cols");
        ArrayNode kinds = root.putArray("kinds");
        for (String c : cols) {
            colArray.add(c);
            kinds.add(kind(c));
        }
        ArrayNode typeArray = root.putArray("types");
        types.forEach(typeArray::add);
        root.put("fates", String.join(",", FATE_CODES));
        ArrayNode msgs = root.putArray("msgs");
        for (Entry e : entries) {
            ArrayNode m = msgs.addArray();
            m.add(ms(e.sentNs()));
            if (e.fate().equals("delivered") || e.fate().equals("dropped")) {
                m.add(ms(e.doneNs()));
            } else {
                m.addNull();
            }
            m.add(fateCode(e.fate()));
            m.add(colIndex.get(e.src()));
            m.add(colIndex.get(e.dest()));
            m.add(typeIndex.get(e.type()));
            addId(m, e.msgId());
            addId(m, e.inReplyTo());
            m.add(e.copy() ? "(duplicate) " + e.body() : e.body());
        }
        try {
            // Inside <script>, "</script>" in a body would end the element: no '<' survives.
            return new ObjectMapper().writeValueAsString(root).replace("<", "\\u003c");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void addId(ArrayNode m, long id) {
        if (id >= 0) {
            m.add(id);
        } else {
            m.addNull();
        }
    }

    private static double ms(long ns) {
        return Math.round(ns / 1e3) / 1e3;
    }

    private static int fateCode(String fate) {
        for (int i = 0; i < FATE_CODES.length; i++) {
            if (FATE_CODES[i].equals(fate)) {
                return i;
            }
        }
        return FATE_CODES.length - 1;
    }

    /** 0 a node, 1 a service, 2 a client: the column order. */
    static int kind(String id) {
        if (id.startsWith("c")) {
            return 2;
        }
        return id.equals("lin-kv") || id.equals("seq-kv") || id.equals("lww-kv") || id.equals("lin-tso") ? 1 : 0;
    }

    /** n2 before n10: the letters, then the number zero-padded. */
    private static String naturalKey(String id) {
        Matcher m = Pattern.compile("^(\\D*)(\\d+)$").matcher(id);
        return m.matches() ? m.group(1) + String.format(Locale.ROOT, "%012d", Long.parseLong(m.group(2))) : id;
    }

    private static Map<String, Integer> index(List<String> names) {
        Map<String, Integer> index = new LinkedHashMap<>();
        names.forEach(n -> index.put(n, index.size()));
        return index;
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }

    /**
     * Draws the window in the inputs as one SVG string. Columns: every node, then the services
     * and clients that appear in the window. Arrows are lines with a drawn head (markers cannot
     * take their line's colour everywhere); a transparent wide twin makes each easy to hover.
     */
    static final String SCRIPT = """
            (function () {
              'use strict';
              var box = document.querySelector('[data-chart="message-timeline"]');
              var src = document.getElementById('message-timeline-data');
              if (!box || !src) { return; }
              var d = JSON.parse(src.textContent);
              var fromIn = box.querySelector('.tl-from'), toIn = box.querySelector('.tl-to');
              var note = box.querySelector('.tl-note'), legend = box.querySelector('.tl-legend');
              var head = box.querySelector('.tl-head'), plot = box.querySelector('.tl-plot');
              var spanNote = note.textContent;
              var PALETTE = ['#1565c0', '#2e7d32', '#ef6c00', '#6a1b9a', '#00838f', '#c62828', '#9e9d24',
                '#4e342e', '#ad1457', '#283593', '#558b2f', '#ff8f00'];
              var FATES = d.fates.split(',');
              var MAX_DRAW = 3000, COL_W = 72, GUTTER = 70, TOP = 10, LABELS = 600;
              function esc(s) {
                return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
                  .replace(/"/g, '&quot;');
              }
              function colour(type) { return type < PALETTE.length ? PALETTE[type] : '#757575'; }
              function step(span) {
                var raw = span / 10, p = Math.pow(10, Math.floor(Math.log(raw) / Math.LN10)), m = raw / p;
                return (m < 2 ? 1 : m < 5 ? 2 : 5) * p;
              }
              function draw() {
                var f = parseFloat(fromIn.value) * 1000, t = parseFloat(toIn.value) * 1000;
                if (!(isFinite(f) && isFinite(t) && t > f)) {
                  note.textContent = 'Pick a "from" before "to" (seconds). ' + spanNote;
                  return;
                }
                var ms = [], i, m, all = 0;
                for (i = 0; i < d.msgs.length; i++) {
                  m = d.msgs[i];
                  if (m[0] >= f && m[0] <= t) { all++; if (ms.length < MAX_DRAW) { ms.push(m); } }
                }
                var used = {}, end = t, counts = {};
                for (i = 0; i < ms.length; i++) {
                  m = ms[i]; used[m[3]] = true; used[m[4]] = true;
                  counts[m[5]] = (counts[m[5]] || 0) + 1;
                  if (m[1] !== null && m[1] > end) { end = m[1]; }
                }
                end = Math.min(end, t + (t - f));
                var cols = [], pos = {};
                for (i = 0; i < d.cols.length; i++) {
                  if (d.kinds[i] === 0 || used[i]) { pos[i] = cols.length; cols.push(i); }
                }
                var H = Math.max(480, Math.min(6000, ms.length * 12));
                var k = H / (end - f), W = GUTTER + cols.length * COL_W;
                function x(c) { return GUTTER + pos[c] * COL_W + COL_W / 2; }
                function y(tm) { return TOP + (Math.min(tm, end) - f) * k; }
                var out = ['<svg width="' + W + '" height="' + (H + 2 * TOP) + '" font-size="10"'
                  + ' font-family="sans-serif" role="img" aria-label="message timeline">'];
                var s = step(end - f), tick;
                for (tick = Math.ceil(f / s) * s; tick <= end; tick += s) {
                  out.push('<line x1="0" x2="' + W + '" y1="' + y(tick).toFixed(1) + '" y2="' + y(tick).toFixed(1)
                    + '" stroke="#eee"/><text x="2" y="' + (y(tick) - 2).toFixed(1) + '" fill="#666">'
                    + (tick / 1000).toFixed(3) + ' s</text>');
                }
                for (i = 0; i < cols.length; i++) {
                  out.push('<line x1="' + x(cols[i]) + '" x2="' + x(cols[i]) + '" y1="' + TOP + '" y2="' + (H + TOP)
                    + '" stroke="' + (d.kinds[cols[i]] === 0 ? '#888' : '#ccc') + '"/>');
                }
                for (i = 0; i < ms.length; i++) { out.push(arrow(ms[i], x, y, end, ms.length <= LABELS)); }
                out.push('</svg>');
                plot.innerHTML = out.join('');
                var h = [];
                for (i = 0; i < cols.length; i++) {
                  h.push('<span title="' + esc(d.cols[cols[i]]) + '" style="left:' + (x(cols[i]) - COL_W / 2)
                    + 'px;width:' + COL_W + 'px">' + esc(d.cols[cols[i]]) + '</span>');
                }
                head.style.width = W + 'px';
                head.innerHTML = h.join('');
                var l = [];
                Object.keys(counts).map(Number).sort(function (a, b) { return a - b; }).forEach(function (ty) {
                  l.push('<span style="color:' + colour(ty) + '">&#9632; ' + esc(d.types[ty]) + ' ' + counts[ty]
                    + '</span>');
                });
                legend.innerHTML = l.join(' &nbsp; ');
                note.textContent = 'Drawn: ' + ms.length + ' messages sent from ' + (f / 1000).toFixed(3) + ' to '
                  + (t / 1000).toFixed(3) + ' s' + (all > ms.length ? ' (the first ' + MAX_DRAW + ' of ' + all
                  + ' in the window: narrow it)' : '') + '. ' + spanNote;
              }
              function arrow(m, x, y, end, label) {
                var x1 = x(m[3]), y1 = y(m[0]), x2 = x(m[4]), fate = m[2];
                var y2 = m[1] === null ? y1 + 8 : y(m[1]), c = colour(m[5]);
                if (x1 === x2) { x2 += 14; }
                var tip = d.cols[m[3]] + ' \\u2192 ' + d.cols[m[4]] + '  ' + d.types[m[5]]
                  + (m[6] !== null ? '  msg_id ' + m[6] : '') + (m[7] !== null ? '  in_reply_to ' + m[7] : '')
                  + '\\nsent ' + (m[0] / 1000).toFixed(4) + ' s, '
                  + (fate === 0 ? 'received ' + (m[1] / 1000).toFixed(4) + ' s'
                    : FATES[fate] + (m[1] !== null ? ' (due ' + (m[1] / 1000).toFixed(4) + ' s)' : ''))
                  + '\\n' + m[8];
                var line = ' x1="' + x1.toFixed(1) + '" y1="' + y1.toFixed(1) + '" x2="' + x2.toFixed(1) + '" y2="'
                  + y2.toFixed(1) + '"';
                var g = '<g><title>' + esc(tip) + '</title><line' + line + ' stroke="' + c + '" stroke-width="1.2"'
                  + (fate === 0 ? '' : ' stroke-dasharray="4 3"') + '/><line' + line
                  + ' stroke="transparent" stroke-width="7"/>';
                if (fate === 0 && m[1] <= end) {
                  var dx = x2 - x1, dy = y2 - y1, n = Math.sqrt(dx * dx + dy * dy) || 1, ux = dx / n, uy = dy / n;
                  g += '<polygon fill="' + c + '" points="' + x2.toFixed(1) + ',' + y2.toFixed(1) + ' '
                    + (x2 - 7 * ux - 3 * uy).toFixed(1) + ',' + (y2 - 7 * uy + 3 * ux).toFixed(1) + ' '
                    + (x2 - 7 * ux + 3 * uy).toFixed(1) + ',' + (y2 - 7 * uy - 3 * ux).toFixed(1) + '"/>';
                } else if (fate !== 0) {
                  g += '<path d="M' + (x2 - 4) + ',' + (y2 - 4) + 'l8,8m0,-8l-8,8" stroke="#c62828"'
                    + ' stroke-width="1.5"/>';
                }
                if (label) {
                  g += '<text x="' + ((x1 + x2) / 2 + 3).toFixed(1) + '" y="' + ((y1 + y2) / 2 - 2).toFixed(1)
                    + '" fill="' + c + '" stroke="#fff" stroke-width="3" paint-order="stroke">' + esc(d.types[m[5]])
                    + '</text>';
                }
                return g + '</g>';
              }
              function show(from, to) { fromIn.value = from; toIn.value = to; draw(); }
              box.querySelector('.tl-draw').addEventListener('click', draw);
              fromIn.addEventListener('change', draw);
              toIn.addEventListener('change', draw);
              Array.prototype.forEach.call(box.querySelectorAll('.tl-view'), function (b) {
                b.addEventListener('click', function () {
                  show(b.getAttribute('data-from'), b.getAttribute('data-to'));
                });
              });
              draw();
            })();
            """;

    /** The timeline's styles: a scrolling box whose column headers stay in view. */
    static final String STYLE = ".tl-scroll{overflow:auto;max-height:80vh;border:1px solid #ddd;position:relative}"
            + ".tl-head{position:sticky;top:0;height:20px;background:#fafafa;border-bottom:1px solid #ddd;z-index:1}"
            + ".tl-head span{position:absolute;top:2px;text-align:center;font-size:11px;overflow:hidden;"
            + "text-overflow:ellipsis;white-space:nowrap}.tl-plot svg{display:block}.tl-legend{font-size:12px}";
}
