package dev.previewkit.examples;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * A stand-in for a Vite dev server, for tests of the {@link DevServerProxy}, on {@code 127.0.0.1} and a free port.
 * A plain request is answered with {@code <method> <path?query> host=<Host> body=<body>} and an
 * {@code X-Upstream: fake} header. A WebSocket upgrade is accepted only with the subprotocol {@code vite-hmr} (else
 * 400); the socket then says {@code connected <path?query> host=<Host>}, answers each text message {@code m} with
 * {@code echo: m}, closes with 4000 {@code bye} on the message {@code close}, and sends what {@link #push} is given.
 */
final class FakeDevServer {
    private final Server server = new Server();
    private final List<Session> sockets = new CopyOnWriteArrayList<>();

    FakeDevServer() throws Exception {
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServerWebSocketContainer container = ServerWebSocketContainer.ensure(server);
        container.setMaxTextMessageSize(1 << 20);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String seen = request.getHttpURI().getPathQuery()
                        + " host=" + request.getHeaders().get(HttpHeader.HOST);
                if (container.upgrade((upgrade, upgradeResponse, upgradeCallback) -> {
                    if (!upgrade.hasSubProtocol("vite-hmr")) {
                        Response.writeError(upgrade, upgradeResponse, upgradeCallback, 400, "vite-hmr only");
                        return null;
                    }
                    upgradeResponse.setAcceptedSubProtocol("vite-hmr");
                    return new Echo("connected " + seen);
                }, request, response, callback)) {
                    return true;
                }
                String body = Content.Source.asString(request, StandardCharsets.UTF_8);
                response.getHeaders().put("X-Upstream", "fake");
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
                Content.Sink.write(response, true, request.getMethod() + " " + seen + " body=" + body, callback);
                return true;
            }
        });
        server.start();
    }

    /** {@code http://127.0.0.1:PORT}, as a session's dev server URI. */
    URI uri() {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    }

    /** Sends {@code text} on every open socket, as a dev server pushes an update. */
    void push(String text) {
        sockets.forEach(socket -> socket.sendText(text, org.eclipse.jetty.websocket.api.Callback.NOOP));
    }

    /** The sockets still open. */
    long openSockets() {
        return sockets.stream().filter(Session::isOpen).count();
    }

    void stop() throws Exception {
        server.stop();
    }

    public final class Echo implements Session.Listener.AutoDemanding {
        private final String greeting;
        private Session socket;

        Echo(String greeting) {
            this.greeting = greeting;
        }

        @Override
        public void onWebSocketOpen(Session socket) {
            this.socket = socket;
            sockets.add(socket);
            socket.sendText(greeting, org.eclipse.jetty.websocket.api.Callback.NOOP);
        }

        @Override
        public void onWebSocketText(String message) {
            if (message.equals("close")) {
                socket.close(4000, "bye", org.eclipse.jetty.websocket.api.Callback.NOOP);
            } else {
                socket.sendText("echo: " + message, org.eclipse.jetty.websocket.api.Callback.NOOP);
            }
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason,
                org.eclipse.jetty.websocket.api.Callback callback) {
            callback.succeed();
            sockets.remove(socket);
        }
    }
}
