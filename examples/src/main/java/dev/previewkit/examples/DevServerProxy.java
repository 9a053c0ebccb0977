package dev.previewkit.examples;

import java.io.IOException;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.eclipse.jetty.client.ContentSourceRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reverse proxy to a session's dev server (such as Vite's, at {@code http://127.0.0.1:PORT}), for its own origin.
 *
 * <p>An HTTP request goes upstream as it came: method, raw path and query, body (streamed) and headers, the
 * original {@code Host} included (a dev server that checks it, as Vite does, must allow the preview's host), less
 * the hop-by-hop headers; the answer streams back the same way, its status, headers and bytes unchanged (no
 * decompression, no redirects followed, no cookies kept). A WebSocket upgrade (a dev server's HMR socket) is
 * connected upstream first, with the same path, query, headers and offered subprotocols, and only then accepted
 * with the subprotocol the dev server chose, so a browser asking for {@code vite-hmr} gets {@code vite-hmr}; a
 * {@link WebSocketBridge} then relays frames both ways until one side closes. An upstream that does not answer
 * gets a {@code 502} JSON error; a path that is malformed or ambiguous (such as {@code %2e%2e} segments, which the
 * server lets through for the resolver to refuse) a {@code 400}, and is never forwarded.
 *
 * <p>A Jetty component: add it to the server (it starts and stops its HTTP and WebSocket clients with it).
 * Thread-safe; {@link #forward} returns at once for HTTP and completes the exchange when the answer has been
 * relayed, and blocks up to {@link #CONNECT_TIMEOUT_SECONDS} for an upgrade.
 */
final class DevServerProxy extends ContainerLifeCycle {
    private static final Logger LOG = LoggerFactory.getLogger(DevServerProxy.class);
    static final long CONNECT_TIMEOUT_SECONDS = 10;
    /** RFC 9110 §7.6.1: headers of one connection, never forwarded; plus those the Connection header names. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");

    private final ServerWebSocketContainer sockets;
    private final Scheduler scheduler;
    private final Map<String, AtomicInteger> proxiedSockets = new ConcurrentHashMap<>();
    private final HttpClient http = new HttpClient();
    private final WebSocketClient webSockets = new WebSocketClient(http);

    /**
     * @param sockets   upgrades the browser's side of a proxied WebSocket
     * @param scheduler runs the keep-alive pings of both sides
     */
    DevServerProxy(ServerWebSocketContainer sockets, Scheduler scheduler) {
        this.sockets = sockets;
        this.scheduler = scheduler;
        http.setFollowRedirects(false);
        http.setHttpCookieStore(new HttpCookieStore.Empty());
        http.setUserAgentField(null);
        http.getContentDecoderFactories().clear();
        http.setConnectTimeout(TimeUnit.SECONDS.toMillis(CONNECT_TIMEOUT_SECONDS));
        addBean(http);
        addBean(webSockets);
    }

    /**
     * Forwards an exchange of {@code session}'s own origin to {@code upstream}, a base URI such as
     * {@code http://127.0.0.1:5173}.
     */
    void forward(Exchange exchange, String session, URI upstream) throws IOException {
        if (exchange.request().getHttpURI().hasViolations()) {
            Http.error(exchange, 400, "A malformed or ambiguous path is not forwarded to the dev server: "
                    + exchange.request().getHttpURI().getViolations());
        } else if (exchange.method().equals("GET")
                && "websocket".equalsIgnoreCase(exchange.header(HttpHeader.UPGRADE.asString()).orElse(""))) {
            bridge(exchange, session, upstream);
        } else {
            relay(exchange, upstream);
        }
    }

    private void relay(Exchange exchange, URI upstream) {
        Request request = exchange.request();
        Set<String> skipped = skippedHeaders(request.getHeaders(), "content-length");
        org.eclipse.jetty.client.Request outbound = http.newRequest(upstream.getHost(), upstream.getPort())
                .scheme(upstream.getScheme())
                .method(request.getMethod())
                .path(request.getHttpURI().getPathQuery())
                .headers(headers -> request.getHeaders().stream()
                        .filter(field -> !skipped.contains(field.getLowerCaseName()))
                        .forEach(headers::add));
        if (request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
            outbound.body(new ContentSourceRequestContent(request, request.getHeaders().get(HttpHeader.CONTENT_TYPE)));
        }
        AtomicBoolean answered = new AtomicBoolean();
        outbound.onResponseContentSource((answer, content) -> {
            answered.set(true);
            Response response = exchange.response();
            response.setStatus(answer.getStatus());
            Set<String> dropped = skippedHeaders(answer.getHeaders());
            for (HttpField field : answer.getHeaders()) {
                if (field.getHeader() == HttpHeader.DATE) {
                    response.getHeaders().put(field); // instead of this server's own
                } else if (!dropped.contains(field.getLowerCaseName())) {
                    response.getHeaders().add(field);
                }
            }
            Content.copy(content, response, exchange.callback());
        });
        outbound.send(result -> {
            if (result.isFailed() && !answered.get()) {
                badGateway(exchange, upstream, result.getFailure());
            }
        });
    }

    /** How many WebSockets of {@code session}'s browsers were bridged to its dev server (Vite's HMR sockets). */
    int proxiedSockets(String session) {
        AtomicInteger count = proxiedSockets.get(session);
        return count == null ? 0 : count.get();
    }

    private void bridge(Exchange exchange, String session, URI upstream) throws IOException {
        Request request = exchange.request();
        URI target = URI.create((upstream.getScheme().equals("https") ? "wss" : "ws") + "://"
                + upstream.getRawAuthority() + request.getHttpURI().getPathQuery());
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest(target);
        upgrade.setSubProtocols(request.getHeaders().getCSV(HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL, false));
        Set<String> skipped = skippedHeaders(request.getHeaders());
        for (String name : request.getHeaders().getFieldNamesCollection()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!skipped.contains(lower) && !lower.startsWith("sec-websocket-")) {
                upgrade.setHeader(name, request.getHeaders().getValuesList(name));
            }
        }
        WebSocketBridge bridge = new WebSocketBridge(target, scheduler);
        CompletableFuture<Session> connecting = webSockets.connect(bridge.upstreamEnd(), upgrade);
        Session dev;
        try {
            dev = connecting.get(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            connecting.cancel(true);
            badGateway(exchange, upstream, e instanceof ExecutionException ? e.getCause() : e);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connecting.cancel(true);
            Http.error(exchange, 503, "The server is stopping");
            return;
        }
        Response response = exchange.response();
        Callback closeDevUnlessUpgraded = Callback.from(() -> {
            if (response.getStatus() != 101) {
                dev.close();
            } else {
                proxiedSockets.computeIfAbsent(session, id -> new AtomicInteger()).incrementAndGet();
            }
            exchange.callback().succeeded();
        }, failure -> {
            dev.close();
            exchange.callback().failed(failure);
        });
        boolean upgraded = sockets.upgrade((upgradeRequest, upgradeResponse, callback) -> {
            upgradeResponse.setAcceptedSubProtocol(dev.getUpgradeResponse().getAcceptedSubProtocol());
            return bridge.browserEnd();
        }, request, response, closeDevUnlessUpgraded);
        if (!upgraded) {
            dev.close();
            Http.error(exchange, 400, "The request asks for a WebSocket upgrade but is not a valid one");
        }
    }

    /** The lower-case names of the hop-by-hop headers among {@code headers}, and {@code more}. */
    private static Set<String> skippedHeaders(HttpFields headers, String... more) {
        Set<String> skipped = headers.getCSV(HttpHeader.CONNECTION, false).stream()
                .map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toCollection(HashSet::new));
        skipped.addAll(HOP_BY_HOP);
        skipped.addAll(List.of(more));
        return skipped;
    }

    private static void badGateway(Exchange exchange, URI upstream, Throwable failure) {
        LOG.debug("The dev server at {} failed", upstream, failure);
        try {
            Http.error(exchange, 502, "The dev server at " + upstream + " failed: " + failure);
        } catch (IOException e) {
            exchange.callback().failed(e);
        }
    }
}
