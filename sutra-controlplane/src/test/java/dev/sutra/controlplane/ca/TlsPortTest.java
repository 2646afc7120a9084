package dev.sutra.controlplane.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sutra.ca.tls.PinnedRootTrustManager;
import dev.sutra.api.validate.ConfigValidator;
import dev.sutra.ca.Csr;
import dev.sutra.ca.EcdsaKeys;
import dev.sutra.ca.RootPin;
import dev.sutra.ca.SpiffeId;
import dev.sutra.controlplane.ControlPlane;
import dev.sutra.controlplane.ControlPlaneOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS port's own certificate and TLS settings, seen by real clients. */
class TlsPortTest {

    @TempDir
    Path dir;

    private ControlPlane controlPlane;
    private MeshCa ca;
    private int port;

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(dir.resolve("config"));
        // A serving certificate of 4 s is renewed about every 2.5 s (half of 4 s plus 1 s backdating).
        controlPlane = ControlPlane.start(ControlPlaneOptions.defaults(dir.resolve("config"), dir.resolve("state"))
                .withEphemeralPorts().withIdentity(i -> i.withServingCertTtl(Duration.ofSeconds(4))),
                new ConfigValidator()::validate);
        ca = controlPlane.ca().orElseThrow();
        port = controlPlane.xdsTlsPort().orElseThrow();
    }

    @AfterEach
    void stop() {
        controlPlane.close();
    }

    @Test
    void servingCertificateVerifiesAgainstTheRootByNameAndPin() throws Exception {
        SSLSession session = handshake("TLSv1.3", null);

        Certificate[] chain = session.getPeerCertificates();
        X509Certificate leaf = (X509Certificate) chain[0];
        assertThat(SpiffeId.fromCertificate(leaf))
                .isEqualTo(new SpiffeId("cluster.local", "istio-system", "sutra-controlplane"));
        assertThat(leaf.getSubjectAlternativeNames().stream().map(san -> String.valueOf(san.get(1))))
                .contains("localhost", "127.0.0.1");
        // The chain ends with the signing root: a client holding only the join token's pin can check it.
        assertThat(RootPin.of((X509Certificate) chain[chain.length - 1])).isEqualTo(ca.signingRootPin());
        assertThat(session.getProtocol()).isEqualTo("TLSv1.3");

        // grpc-java with the root as its only trust anchor checks the chain and the host name (127.0.0.1).
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port)
                .sslContext(GrpcSslContexts.forClient().trustManager(ca.signingRoot()).build()).build();
        try {
            String csr = Csr.create(EcdsaKeys.generate(), SpiffeId.of("default", "reviews")).toPem();
            CreateCertificateTest.assertRefused(() -> Workload.create(channel, csr, null),
                    Status.Code.UNAUTHENTICATED, "carries no credential");
        } finally {
            Workload.close(channel);
        }
    }

    @Test
    void allowsTls12OnlyWithAeadSuites() throws Exception {
        assertThat(handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256").getCipherSuite())
                .isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");

        assertThatThrownBy(() -> handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void renewsItsCertificateBeforeExpiryWithoutDroppingConnections() throws Exception {
        X509Certificate first = leaf(handshake("TLSv1.3", null));
        ManagedChannel channel = Workload.channel(port, new PinnedRootTrustManager(ca.signingRootPin()), null);
        String csr = Csr.create(EcdsaKeys.generate(), SpiffeId.of("default", "reviews")).toPem();
        try {
            CreateCertificateTest.assertRefused(() -> Workload.create(channel, csr, null),
                    Status.Code.UNAUTHENTICATED, "no credential");

            // Each renewal happens while the old certificate still has most of its life ahead.
            await().atMost(Duration.ofSeconds(20)).until(() -> !serial(handshake("TLSv1.3", null)).equals(
                    first.getSerialNumber()));
            X509Certificate second = leaf(handshake("TLSv1.3", null));
            assertThat(second.getNotAfter()).isAfter(first.getNotAfter());
            assertThat(second.getPublicKey()).isNotEqualTo(first.getPublicKey());

            // The connection made under the first certificate still carries calls.
            CreateCertificateTest.assertRefused(() -> Workload.create(channel, csr, null),
                    Status.Code.UNAUTHENTICATED, "no credential");
        } finally {
            Workload.close(channel);
        }
    }

    /** A JDK TLS handshake to the TLS port trusting only the mesh root; ALPN h2 as gRPC requires. */
    private SSLSession handshake(String protocol, String cipher) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("root", ca.signingRoot());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            parameters.setApplicationProtocols(new String[] {"h2"});
            parameters.setProtocols(new String[] {protocol});
            if (cipher != null) {
                parameters.setCipherSuites(new String[] {cipher});
            }
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(5000);
            socket.startHandshake();
            return socket.getSession();
        }
    }

    private static X509Certificate leaf(SSLSession session) throws Exception {
        return (X509Certificate) session.getPeerCertificates()[0];
    }

    private static BigInteger serial(SSLSession session) throws Exception {
        return leaf(session).getSerialNumber();
    }
}
