package org.revenge.analytics.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium (Debian's {@code chromium}, which {@code .ci/run} installs) driven over the
 * DevTools protocol with the JDK's own WebSocket client: open a page with extra request headers
 * (a Basic login), evaluate a script in it once it has loaded, and save a screenshot of the whole
 * page. One browser per instance, in a profile folder of its own; {@link #close} ends it.
 */
public final class Chromium implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final Pattern PAGE_SOCKET = Pattern.compile("\"type\"\\s*:\\s*\"page\"[^}]*?\"webSocketDebuggerUrl\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern RESPONSE_ID = Pattern.compile("^\\{\"id\":(\\d+),");

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private final List<CompletableFuture<Void>> loads = new ArrayList<>();

    /**
     * Starts a browser with a window of the given size.
     *
     * @param profile an empty folder for the browser's profile
     */
    public Chromium(Path profile, int width, int height) throws IOException, InterruptedException {
        String binary = System.getProperty("analytics.test.chromium", "chromium");
        Files.createDirectories(profile);
        process = new ProcessBuilder(binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--hide-scrollbars", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=" + width + "," + height, "about:blank")
                .redirectErrorStream(true).start();
        String browserSocket = null;
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; browserSocket == null && (line = output.readLine()) != null; ) {
            seen.append(line).append('\n');
            Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
                browserSocket = matcher.group(1);
            }
        }
        if (browserSocket == null) {
            process.destroyForcibly();
            throw new IOException(binary + " did not start its DevTools endpoint (is Debian's chromium installed? .ci/run installs it):\n" + seen);
        }
        // keep reading, so the browser never blocks on a full pipe
        Thread drain = new Thread(() -> output.lines().forEach(line -> { }), "chromium-output");
        drain.setDaemon(true);
        drain.start();
        URI endpoint = URI.create(browserSocket);
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        String targets = http.send(HttpRequest.newBuilder(URI.create("http://" + endpoint.getAuthority() + "/json/list")).timeout(TIMEOUT)
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher page = PAGE_SOCKET.matcher(targets);
        if (!page.find()) {
            throw new IOException("no page target in " + targets);
        }
        socket = await(http.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(URI.create(page.group(1)), new Listener()),
                "the DevTools connection");
        call("Page.enable", "{}");
        call("Network.enable", "{}");
    }

    /** Sends these headers with every request the page makes from now on. */
    public void setHeaders(Map<String, String> headers) throws IOException {
        StringBuilder json = new StringBuilder("{\"headers\":{");
        headers.forEach((name, value) -> json.append(json.length() > 12 ? "," : "").append(quote(name)).append(':').append(quote(value)));
        call("Network.setExtraHTTPHeaders", json.append("}}").toString());
    }

    /** Emulates the user's colour scheme preference ({@code prefers-color-scheme}: dark or light). */
    public void emulateDarkMode(boolean dark) throws IOException {
        call("Emulation.setEmulatedMedia", "{\"features\":[{\"name\":\"prefers-color-scheme\",\"value\":\""
                + (dark ? "dark" : "light") + "\"}]}");
    }

    /** Lays the page out in a window of this size (CSS pixels), as a phone or a desktop would. */
    public void resize(int width, int height) throws IOException {
        call("Emulation.setDeviceMetricsOverride", "{\"width\":" + width + ",\"height\":" + height
                + ",\"deviceScaleFactor\":1,\"mobile\":" + (width < 600) + "}");
    }

    /**
     * Clicks with the mouse where a person would: the pointer moves there, then the left button is
     * pressed and released, as real input events (the page's handlers cannot tell them from a hand's).
     *
     * @param x from the window's left edge, in CSS pixels
     * @param y from the window's top edge, in CSS pixels
     */
    public void click(double x, double y) throws IOException {
        String at = String.format(Locale.ROOT, "\"x\":%.1f,\"y\":%.1f", x, y);
        call("Input.dispatchMouseEvent", "{\"type\":\"mouseMoved\"," + at + "}");
        call("Input.dispatchMouseEvent", "{\"type\":\"mousePressed\",\"button\":\"left\",\"clickCount\":1," + at + "}");
        call("Input.dispatchMouseEvent", "{\"type\":\"mouseReleased\",\"button\":\"left\",\"clickCount\":1," + at + "}");
    }

    /** Presses and releases Enter on whatever has the keyboard's focus, as a real key would. */
    public void pressEnter() throws IOException {
        String key = "\"key\":\"Enter\",\"code\":\"Enter\",\"windowsVirtualKeyCode\":13,\"nativeVirtualKeyCode\":13";
        call("Input.dispatchKeyEvent", "{\"type\":\"keyDown\"," + key + ",\"text\":\"\\r\"}");
        call("Input.dispatchKeyEvent", "{\"type\":\"keyUp\"," + key + "}");
    }

    /** Opens the address and returns once the page has loaded (its load event). */
    public void open(String url) throws IOException {
        CompletableFuture<Void> loaded = new CompletableFuture<>();
        synchronized (loads) {
            loads.add(loaded);
        }
        String result = call("Page.navigate", "{\"url\":" + quote(url) + "}");
        if (result.contains("\"errorText\"")) {
            throw new IOException("could not open " + url + ": " + result);
        }
        await(loaded, "the load of " + url);
    }

    /**
     * Evaluates a script that returns a string, in the page.
     *
     * @return the string; keep it to letters, digits and {@code =;:-_,.} so no JSON escape is needed
     */
    public String evaluate(String script) throws IOException {
        String result = call("Runtime.evaluate", "{\"expression\":" + quote(script) + ",\"returnByValue\":true}");
        Matcher value = Pattern.compile("\"value\":\"([^\"\\\\]*)\"").matcher(result);
        if (!value.find()) {
            throw new IOException("the script returned no string: " + result);
        }
        return value.group(1);
    }

    /** Saves a PNG of the whole page, beyond the window too. */
    public void screenshot(Path file) throws IOException {
        String result = call("Page.captureScreenshot", "{\"format\":\"png\",\"captureBeyondViewport\":true}");
        Matcher data = Pattern.compile("\"data\":\"([A-Za-z0-9+/=]+)\"").matcher(result);
        if (!data.find()) {
            throw new IOException("no screenshot in " + result.substring(0, Math.min(300, result.length())));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(data.group(1)));
    }

    private String call(String method, String params) throws IOException {
        int id = ids.incrementAndGet();
        CompletableFuture<String> response = new CompletableFuture<>();
        pending.put(id, response);
        socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true);
        String result = await(response, method);
        if (result.startsWith("{\"id\":" + id + ",\"error\"")) {
            throw new IOException(method + " failed: " + result);
        }
        return result;
    }

    private static <T> T await(CompletableFuture<T> future, String what) throws IOException {
        try {
            return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for " + what, e);
        } catch (Exception e) {
            throw new IOException("no answer from Chromium for " + what + " within " + TIMEOUT.toSeconds() + " s", e);
        }
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    @Override
    public void close() throws InterruptedException {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        } catch (RuntimeException ignored) {
            // the browser is ended below either way
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Gathers each message's parts, then completes the call it answers or the load it reports. */
    private final class Listener implements WebSocket.Listener {

        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                String text = message.toString();
                message.setLength(0);
                Matcher id = RESPONSE_ID.matcher(text);
                if (id.find()) {
                    CompletableFuture<String> call = pending.remove(Integer.parseInt(id.group(1)));
                    if (call != null) {
                        call.complete(text);
                    }
                } else if (text.contains("\"method\":\"Page.loadEventFired\"")) {
                    synchronized (loads) {
                        loads.forEach(load -> load.complete(null));
                        loads.clear();
                    }
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
