package glomers.harness.browser;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opens one page from file:// in a new tab of a running Chromium, waits for its load event, and
 * reads back what a person would see: console errors (console.error, uncaught exceptions, and
 * the browser's own error log such as a resource that failed), every {@code [data-chart]}
 * element and whether it rendered, the load time, whether the page fits a {@link #WINDOW_WIDTH}
 * window, and a full-page screenshot beside the page.
 */
final class PageCheck {

    /** Tallest screenshot taken; a page longer than this is cut, not refused. */
    static final int MAX_SCREENSHOT_PX = 16_384;
    /** The window every page is checked in: a laptop's browser, which a report must not overflow. */
    static final int WINDOW_WIDTH = 1400;
    static final int WINDOW_HEIGHT = 1000;
    /** How many of the elements that stick out a report names. */
    private static final int OVERFLOWING_NAMED = 3;
    /** How long a chart drawn by a script after load (the message timeline) has to appear. */
    private static final int CHART_WAIT_MS = 3_000;

    /**
     * Runs in the page once it has loaded. An image renders when it is decoded (complete with a
     * natural width); any other chart element when it holds an svg with content or a drawn canvas.
     * Charts a script draws late get {@link #CHART_WAIT_MS} to appear. Then the page's width: when
     * it is wider than the window, the innermost elements whose right edge passes the window's
     * (those inside a box that scrolls or clips are its business, not the page's), widest content
     * first.
     */
    private static final String INSPECT = """
            (async () => {
              const sleep = ms => new Promise(r => setTimeout(r, ms));
              const drawn = el => {
                if (el instanceof HTMLImageElement) return el.complete && el.naturalWidth > 0;
                if (el instanceof HTMLCanvasElement) return el.width > 0 && el.height > 0;
                const svg = el instanceof SVGSVGElement ? el : el.querySelector('svg');
                if (svg) return svg.childElementCount > 0;
                const inner = el.querySelector('img, canvas');
                return inner ? drawn(inner) : false;
              };
              const look = () => [...document.querySelectorAll('[data-chart]')]
                  .map(el => ({name: el.getAttribute('data-chart'), rendered: drawn(el)}));
              let charts = look();
              const until = performance.now() + %d;
              while (charts.some(c => !c.rendered) && performance.now() < until) {
                await sleep(50);
                charts = look();
              }
              const nav = performance.getEntriesByType('navigation')[0];
              while (nav && nav.loadEventEnd === 0 && performance.now() < until) await sleep(10);
              const page = document.documentElement.scrollWidth, window_ = window.innerWidth;
              const contained = el => {
                for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
                  if (getComputedStyle(p).overflowX !== 'visible') return true;
                }
                return false;
              };
              const sticksOut = el => el.getBoundingClientRect().right > window_ + 0.5 && !contained(el);
              // What widens a table column is the cell with the widest content, not its neighbours.
              const contentWidth = el => {
                const range = document.createRange();
                range.selectNodeContents(el);
                return Math.round(range.getBoundingClientRect().width || el.getBoundingClientRect().width);
              };
              const overflowing = page <= window_ ? [] : [...document.body.querySelectorAll('*')]
                  .filter(el => sticksOut(el) && ![...el.children].some(sticksOut))
                  .map(el => ({el, wide: contentWidth(el)}))
                  .sort((a, b) => b.wide - a.wide)
                  .slice(0, %d)
                  .map(({el, wide}) => {
                    const path = [el.parentElement, el].filter(e => e && e !== document.body)
                        .map(e => e.tagName.toLowerCase()).join(' > ');
                    const text = (el.textContent || '').trim().slice(0, 60);
                    return path + ', ' + wide + ' px of content' + (text ? ': "' + text + '"' : '');
                  });
              return {loadMs: nav ? nav.loadEventEnd - nav.startTime : -1, charts, width: {page, window: window_, overflowing}};
            })()
            """.formatted(CHART_WAIT_MS, OVERFLOWING_NAMED);

    private final DevTools devTools;
    private final Duration timeout;

    PageCheck(DevTools devTools, Duration timeout) {
        this.devTools = devTools;
        this.timeout = timeout;
    }

    /** The page in a fresh tab, closed afterwards; {@code expected} names charts it must have. */
    PageReport check(Path page, Collection<String> expected) throws IOException {
        Path file = page.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IOException("no such page: " + file);
        }
        String target = devTools.call(null, "Target.createTarget", Map.of("url", "about:blank"), timeout)
                .path("targetId").asText();
        try {
            String session = devTools.call(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true),
                    timeout).path("sessionId").asText();
            return inTab(session, file, expected);
        } finally {
            try {
                devTools.call(null, "Target.closeTarget", Map.of("targetId", target), timeout);
            } catch (IOException e) {
                // the browser is closed with everything in it anyway
            }
        }
    }

    private PageReport inTab(String session, Path file, Collection<String> expected) throws IOException {
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> loaded = new CompletableFuture<>();
        Runnable stop = devTools.onEvent(event -> {
            if (session.equals(event.path("sessionId").asText())) {
                onEvent(event.path("method").asText(), event.path("params"), errors, loaded);
            }
        });
        try {
            for (String domain : List.of("Page", "Runtime", "Log")) {
                devTools.call(session, domain + ".enable", Map.of(), timeout);
            }
            // Set on the tab, not left to --window-size, which a tab opened over DevTools may not follow.
            devTools.call(session, "Emulation.setDeviceMetricsOverride", Map.of("width", WINDOW_WIDTH,
                    "height", WINDOW_HEIGHT, "deviceScaleFactor", 1, "mobile", false), timeout);
            JsonNode nav = devTools.call(session, "Page.navigate", Map.of("url", file.toUri().toString()), timeout);
            if (nav.hasNonNull("errorText")) {
                throw new IOException("cannot open " + file + ": " + nav.get("errorText").asText());
            }
            await(loaded, file);
            JsonNode seen = devTools.call(session, "Runtime.evaluate", Map.of("expression", INSPECT,
                    "awaitPromise", true, "returnByValue", true), timeout);
            if (seen.has("exceptionDetails")) {
                throw new IOException("inspecting " + file + " failed: " + seen.get("exceptionDetails"));
            }
            JsonNode value = seen.path("result").path("value");
            List<PageReport.Chart> charts = new ArrayList<>();
            value.path("charts").forEach(c -> charts.add(new PageReport.Chart(c.path("name").asText(),
                    c.path("rendered").asBoolean())));
            List<String> missing = expected.stream()
                    .filter(name -> charts.stream().noneMatch(c -> c.name().equals(name))).toList();
            JsonNode w = value.path("width");
            List<String> overflowing = new ArrayList<>();
            w.path("overflowing").forEach(e -> overflowing.add(e.asText()));
            PageReport.Width width = new PageReport.Width(w.path("page").asInt(), w.path("window").asInt(),
                    List.copyOf(overflowing));
            Path shot = screenshot(session, file);
            synchronized (errors) {
                return new PageReport(file, Files.size(file), value.path("loadMs").asDouble(-1), List.copyOf(charts),
                        missing, List.copyOf(errors), width, shot);
            }
        } finally {
            stop.run();
        }
    }

    private static void onEvent(String method, JsonNode p, List<String> errors, CompletableFuture<Void> loaded) {
        switch (method) {
            case "Page.loadEventFired" -> loaded.complete(null);
            case "Runtime.consoleAPICalled" -> {
                if (p.path("type").asText().equals("error") || p.path("type").asText().equals("assert")) {
                    List<String> args = new ArrayList<>();
                    p.path("args").forEach(a -> args.add(a.has("value") ? a.get("value").asText()
                            : a.path("description").asText(a.path("type").asText())));
                    errors.add("console." + p.path("type").asText() + ": " + String.join(" ", args));
                }
            }
            case "Runtime.exceptionThrown" -> {
                JsonNode d = p.path("exceptionDetails");
                errors.add("uncaught: " + d.path("exception").path("description").asText(d.path("text").asText())
                        + " (line " + (d.path("lineNumber").asInt() + 1) + ")");
            }
            case "Log.entryAdded" -> {
                JsonNode entry = p.path("entry");
                if (entry.path("level").asText().equals("error")) {
                    errors.add(entry.path("source").asText() + ": " + entry.path("text").asText()
                            + (entry.hasNonNull("url") ? " (" + entry.get("url").asText() + ")" : ""));
                }
            }
            default -> {
            }
        }
    }

    private void await(CompletableFuture<Void> loaded, Path file) throws IOException {
        try {
            loaded.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException(file + " fired no load event in " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + file + " loaded", e);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        }
    }

    /** The whole page (to {@link #MAX_SCREENSHOT_PX} tall) as PNG beside it: report.html gives report.png. */
    private Path screenshot(String session, Path file) throws IOException {
        JsonNode size = devTools.call(session, "Page.getLayoutMetrics", Map.of(), timeout).path("cssContentSize");
        double width = Math.max(1, Math.ceil(size.path("width").asDouble()));
        double height = Math.max(1, Math.min(MAX_SCREENSHOT_PX, Math.ceil(size.path("height").asDouble())));
        JsonNode shot = devTools.call(session, "Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)), timeout);
        String name = file.getFileName().toString();
        Path png = file.resolveSibling((name.endsWith(".html") ? name.substring(0, name.length() - 5) : name) + ".png");
        Files.write(png, Base64.getDecoder().decode(shot.path("data").asText()));
        return png;
    }
}
