package dev.previewkit.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.PhaseTimeout;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.spi.Availability;
import dev.previewkit.tck.Fixtures;
import dev.previewkit.testing.Processes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote engine ({@code DOCKER_HOST=tcp://...} with TLS), made on this machine: a test CA, server and client
 * certificates from {@code openssl}, and a TLS server on loopback that requires a client certificate and forwards
 * each connection to the local engine's socket. The backend builds the fixture app through it, with nothing but
 * the address and the certificate folder, and an engine reached without the client certificate is unavailable.
 */
class RemoteEngineTest {
    private static final String DOCKER_SOCKET = "/var/run/docker.sock";
    private static final String CLIENT = "previewkit-test-client";
    private static final Duration GENEROUS = Duration.ofMinutes(5);

    @TempDir
    static Path folder;
    private static Path clientCertificates;
    private static Path otherClientCertificates;
    private static TlsForwarder forwarder;
    private static String namespace;

    @BeforeAll
    static void startTheRemoteEngine() throws Exception {
        Path server = Files.createDirectory(folder.resolve("server"));
        clientCertificates = Files.createDirectory(folder.resolve("client"));
        otherClientCertificates = Files.createDirectory(folder.resolve("other-client"));
        Certificates.make(server, clientCertificates, otherClientCertificates);
        forwarder = new TlsForwarder(server);
        namespace = "test-remote-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterAll
    static void stopTheRemoteEngine() {
        if (forwarder != null) {
            forwarder.close();
        }
        TestEngine.removeNamespace(namespace);
    }

    @Test
    void build_tcpEngineWithTlsCertificates_buildsTheAppOverMutualTls() throws IOException {
        String text = "built on a remote engine " + UUID.randomUUID();
        int failedBefore = forwarder.failedHandshakes();
        int clientsBefore = forwarder.clients().size();
        DockerBackend backend = TestEngine.backend(namespace).dockerHost(forwarder.host())
                .tlsCertificates(clientCertificates).build();
        Availability availability = backend.probe();
        assertThat(availability.available()).as(availability.detail()).isTrue();
        assertThat(availability.detail()).contains(forwarder.host());

        BuildResult result;
        try (PreviewBuilder builder = PreviewBuilder.configure().backend(backend)
                .workDirectory(folder.resolve("work"))
                .installTimeout(PhaseTimeout.of(GENEROUS, GENEROUS))
                .buildTimeout(PhaseTimeout.of(GENEROUS, GENEROUS))
                .build()) {
            result = builder.build(Fixtures.withGreeting(text));
        }

        assertThat(result.status()).as("%s: %s%n%s", result.status(), result.message(), result.log())
                .isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(Fixtures.builtJavaScript(result.artifact().orElseThrow())).contains(text);
        List<String> clients = forwarder.clients();
        assertThat(clients.subList(clientsBefore, clients.size())).as("the clients the TLS server verified")
                .isNotEmpty().allSatisfy(client -> assertThat(client).contains("CN=" + CLIENT));
        assertThat(forwarder.failedHandshakes()).as("handshakes that failed").isEqualTo(failedBefore);
    }

    @Test
    void probe_tlsEngineWithoutClientCertificate_isUnavailable() {
        int before = forwarder.failedHandshakes();
        try (DockerBackend plain = TestEngine.backend(namespace).dockerHost(forwarder.host()).build()) {
            Availability availability = plain.probe();

            assertThat(availability.available()).as(availability.detail()).isFalse();
            assertThat(availability.detail()).contains(forwarder.host());
        }
        assertThat(forwarder.failedHandshakes()).as("the plain-text client's failed handshakes").isGreaterThan(before);
    }

    @Test
    void probe_tlsEngineWithClientCertificateOfAnotherCa_isUnavailable() {
        int before = forwarder.failedHandshakes();
        try (DockerBackend stranger = TestEngine.backend(namespace).dockerHost(forwarder.host())
                .tlsCertificates(otherClientCertificates).build()) {
            Availability availability = stranger.probe();

            assertThat(availability.available()).as(availability.detail()).isFalse();
            assertThat(availability.detail()).contains(forwarder.host()).contains("unreachable");
        }
        assertThat(forwarder.failedHandshakes()).as("the stranger's failed handshakes").isGreaterThan(before);
    }

    /** Test certificates made with {@code openssl}. */
    private static final class Certificates {
        private Certificates() {}

        /**
         * A CA with a server certificate for 127.0.0.1 ({@code server.p12}, password {@code changeit}, and
         * {@code ca.pem}) in {@code server}; a client certificate of that CA in {@code client}, and one of another
         * CA in {@code otherClient}, each as {@code ca.pem}, {@code cert.pem}, {@code key.pem}.
         */
        static void make(Path server, Path client, Path otherClient) throws IOException {
            Path work = Files.createDirectories(server.resolve("make"));
            Files.writeString(work.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                    + "extendedKeyUsage=serverAuth\n");
            Files.writeString(work.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
            ca(work, "ca", "previewkit-test-ca");
            ca(work, "other-ca", "previewkit-other-test-ca");
            signed(work, "ca", "server", "localhost", "server.ext");
            signed(work, "ca", "client", CLIENT, "client.ext");
            signed(work, "other-ca", "other-client", CLIENT, "client.ext");
            openssl(work, "pkcs12", "-export", "-in", "server-cert.pem", "-inkey", "server-key.pem",
                    "-out", "server.p12", "-passout", "pass:changeit");
            Files.copy(work.resolve("server.p12"), server.resolve("server.p12"));
            Files.copy(work.resolve("ca.pem"), server.resolve("ca.pem"));
            Files.copy(work.resolve("ca.pem"), client.resolve("ca.pem"));
            Files.copy(work.resolve("client-cert.pem"), client.resolve("cert.pem"));
            Files.copy(work.resolve("client-key.pem"), client.resolve("key.pem"));
            Files.copy(work.resolve("ca.pem"), otherClient.resolve("ca.pem"));
            Files.copy(work.resolve("other-client-cert.pem"), otherClient.resolve("cert.pem"));
            Files.copy(work.resolve("other-client-key.pem"), otherClient.resolve("key.pem"));
        }

        private static void ca(Path work, String name, String commonName) {
            openssl(work, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + "-key.pem",
                    "-out", name + ".pem", "-days", "2", "-subj", "/CN=" + commonName);
        }

        private static void signed(Path work, String ca, String name, String commonName, String extensions) {
            openssl(work, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + "-key.pem", "-out",
                    name + ".csr", "-subj", "/CN=" + commonName);
            openssl(work, "x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + "-key.pem",
                    "-CAcreateserial", "-out", name + "-cert.pem", "-days", "2", "-extfile", extensions);
        }

        private static void openssl(Path work, String... arguments) {
            List<String> command = new java.util.ArrayList<>(List.of("openssl"));
            command.addAll(List.of(arguments));
            Processes.Finished finished = Processes.run(command, work, Duration.ofMinutes(1));
            assertThat(finished.exitCode()).as("%s%n%s", command, finished.text()).isZero();
        }
    }

    /**
     * A TLS server on loopback that requires a client certificate of the test CA and pipes each connection's bytes
     * to and from the local engine's socket: a remote engine as {@code dockerd --tlsverify} serves one. Records the
     * verified clients and counts failed handshakes. Thread-safe.
     */
    private static final class TlsForwarder implements AutoCloseable {
        private final SSLServerSocket socket;
        private final List<String> clients = new CopyOnWriteArrayList<>();
        private final AtomicInteger failedHandshakes = new AtomicInteger();

        TlsForwarder(Path certificates) throws Exception {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(certificates.resolve("server.p12"))) {
                keys.load(in, "changeit".toCharArray());
            }
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, "changeit".toCharArray());
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            try (InputStream in = Files.newInputStream(certificates.resolve("ca.pem"))) {
                trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(
                    TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50,
                    InetAddress.getLoopbackAddress());
            socket.setNeedClientAuth(true);
            daemon("tls-forwarder-accept", this::accept);
        }

        String host() {
            return "tcp://127.0.0.1:" + socket.getLocalPort();
        }

        /** The subjects of the client certificates of the connections served so far. */
        List<String> clients() {
            return List.copyOf(clients);
        }

        int failedHandshakes() {
            return failedHandshakes.get();
        }

        private void accept() {
            while (!socket.isClosed()) {
                SSLSocket connection;
                try {
                    connection = (SSLSocket) socket.accept();
                } catch (IOException e) {
                    return;  // closed
                }
                daemon("tls-forwarder-connection", () -> serve(connection));
            }
        }

        private void serve(SSLSocket connection) {
            try (connection) {
                try {
                    connection.startHandshake();
                } catch (IOException e) {
                    failedHandshakes.incrementAndGet();
                    return;
                }
                X509Certificate peer = (X509Certificate) connection.getSession().getPeerCertificates()[0];
                clients.add(peer.getSubjectX500Principal().getName());
                try (SocketChannel engine = SocketChannel.open(UnixDomainSocketAddress.of(DOCKER_SOCKET))) {
                    Thread back = daemon("tls-forwarder-back", () -> fromEngine(engine, connection));
                    toEngine(connection, engine);
                    back.join();
                }
            } catch (IOException | InterruptedException e) {
                // the connection ends
            }
        }

        // The channel is read and written directly: the streams of Channels.newInputStream/newOutputStream share
        // one lock, so a read waiting for the engine would block the next request's write.

        /** Copies what the client sends to the engine; half-closes the engine's side at the client's end. */
        private static void toEngine(SSLSocket connection, SocketChannel engine) {
            byte[] buffer = new byte[16384];
            try {
                InputStream in = connection.getInputStream();
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                    while (bytes.hasRemaining()) {
                        engine.write(bytes);
                    }
                }
                engine.shutdownOutput();
            } catch (IOException e) {
                // either side went away
            }
        }

        /** Copies what the engine sends to the client; closes the client's connection at the engine's end. */
        private static void fromEngine(SocketChannel engine, SSLSocket connection) {
            ByteBuffer buffer = ByteBuffer.allocate(16384);
            try {
                OutputStream out = connection.getOutputStream();
                while (engine.read(buffer) >= 0) {
                    out.write(buffer.array(), 0, buffer.position());
                    out.flush();
                    buffer.clear();
                }
                connection.close();
            } catch (IOException e) {
                // either side went away
            }
        }

        private static Thread daemon(String name, Runnable body) {
            Thread thread = new Thread(body, name);
            thread.setDaemon(true);
            thread.start();
            return thread;
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closed
            }
        }
    }
}
