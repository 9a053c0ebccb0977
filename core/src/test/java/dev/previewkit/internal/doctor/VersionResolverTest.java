package dev.previewkit.internal.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Version look-ups against a local stand-in for the registry's {@code /<name>/latest} endpoint. */
class VersionResolverTest {
    private HttpServer registry;
    private final List<String> requested = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startRegistry() throws IOException {
        registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        registry.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            requested.add(path);
            boolean known = path.equals("/left-pad/latest") || path.equals("/@acme%2Fwidgets/latest");
            byte[] body = (known ? "{\"name\":\"x\",\"version\":\"1.3.0\"}" : "{\"error\":\"Not found\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(known ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        registry.start();
    }

    @AfterEach
    void stopRegistry() {
        registry.stop(0);
    }

    private VersionResolver resolver() {
        return new VersionResolver(URI.create("http://127.0.0.1:" + registry.getAddress().getPort()));
    }

    @Test
    void resolve_unpinnedPackage_registryLatestLookedUpOnce() {
        VersionResolver resolver = resolver();

        VersionResolver.Resolved first = resolver.resolve("left-pad");
        VersionResolver.Resolved second = resolver.resolve("left-pad");

        assertThat(first).isEqualTo(new VersionResolver.Resolved("1.3.0", "registry latest"));
        assertThat(second).isEqualTo(first);
        assertThat(requested).containsExactly("/left-pad/latest");
    }

    @Test
    void resolve_scopedPackage_escapesTheSlash() {
        assertThat(resolver().resolve("@acme/widgets").version()).isEqualTo("1.3.0");
        assertThat(requested).containsExactly("/@acme%2Fwidgets/latest");
    }

    @Test
    void resolve_pinnedPackage_asksNobody() {
        assertThat(resolver().resolve("lucide-react")).isEqualTo(new VersionResolver.Resolved("1.75.0", "pinned"));
        assertThat(requested).isEmpty();
    }

    @Test
    void resolve_unknownPackage_leftToThePackageManagerAsLatest() {
        VersionResolver.Resolved resolved = resolver().resolve("no-such-package");

        assertThat(resolved.version()).isEqualTo("latest");
        assertThat(resolved.source()).contains("left to the package manager");
    }
}
