package dev.sutra.ca.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sutra.ca.Csr;
import dev.sutra.ca.EcdsaKeys;
import dev.sutra.ca.SpiffeId;
import dev.sutra.ca.TestClock;
import dev.sutra.ca.authority.CertificateAuthority;
import dev.sutra.ca.authority.IssuedCertificate;
import dev.sutra.ca.authority.ServingNames;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real TLS 1.3 handshakes between JDK engines holding SVIDs from the CA. */
class TlsHandshakeTest {

    private static final char[] PASSWORD = "unused".toCharArray();

    @TempDir
    Path state;

    private final TestClock clock = TestClock.startingNow();
    private final SpiffeId alice = SpiffeId.of("ns-a", "alice");
    private final SpiffeId bob = SpiffeId.of("ns-b", "bob");
    private CertificateAuthority ca;

    @BeforeEach
    void startCa() throws Exception {
        ca = CertificateAuthority.builder().selfSigned(state.resolve("ca")).clock(clock).build();
    }

    @Test
    void mutualTlsBetweenTwoSvidsShowsEachSideThePeersSpiffeId() throws Exception {
        SSLEngine client = client(keyManagers(ca, alice), trustManager());
        SSLEngine server = server(keyManagers(ca, bob), trustManager());
        EngineHandshake handshake = new EngineHandshake(client, server);

        handshake.run();

        assertThat(client.getSession().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(SpiffeTrustManager.peerIdentity(client.getSession())).isEqualTo(bob);
        assertThat(SpiffeTrustManager.peerIdentity(server.getSession())).isEqualTo(alice);
        assertThat(handshake.clientToServer("hello bob")).isEqualTo("hello bob");
    }

    @Test
    void serverRefusesAClientOfAForeignCa() throws Exception {
        CertificateAuthority foreign = CertificateAuthority.builder().selfSigned(state.resolve("foreign")).clock(clock)
                .build();
        SSLEngine client = client(keyManagers(foreign, alice), trustManager());
        SSLEngine server = server(keyManagers(ca, bob), trustManager());

        assertThatThrownBy(() -> new EngineHandshake(client, server).run())
                .isInstanceOf(SSLHandshakeException.class)
                .rootCause()
                .hasMessageStartingWith("unknown issuer: chain of spiffe://cluster.local/ns/ns-a/sa/alice");
    }

    @Test
    void serverRequiresAClientCertificate() throws Exception {
        SSLEngine client = client(new KeyManager[0], trustManager());
        SSLEngine server = server(keyManagers(ca, bob), trustManager());

        // The JDK stops a certificate-less client itself when client auth is required, before the trust manager.
        assertThatThrownBy(() -> new EngineHandshake(client, server).run())
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("Empty client certificate chain");
    }

    @Test
    void clientRefusesAnExpiredServer() throws Exception {
        SSLEngine server = server(keyManagers(ca, bob), trustManager());
        TestClock later = TestClock.startingNow();
        later.advance(Duration.ofMinutes(1));
        SSLEngine client = client(keyManagers(ca, alice),
                SpiffeTrustManager.create(ca.trustBundle(), "cluster.local", later));

        assertThatThrownBy(() -> new EngineHandshake(client, server).run())
                .isInstanceOf(SSLHandshakeException.class)
                .rootCause()
                .hasMessageStartingWith("certificate spiffe://cluster.local/ns/ns-b/sa/bob expired at ");
    }

    @Test
    void aRotatedBundleAppliesToTheNextHandshakeOfTheSameContext() throws Exception {
        SpiffeTrustManager serverTrust = trustManager();
        SSLContext serverContext = context(keyManagers(ca, bob), serverTrust);
        ca.beginRotation();
        ca.activate();
        KeyManager[] aliceUnderNewRoot = keyManagers(ca, alice);
        SpiffeTrustManager clientTrust = SpiffeTrustManager.create(ca.trustBundle(), "cluster.local", clock);

        assertThatThrownBy(() -> new EngineHandshake(client(aliceUnderNewRoot, clientTrust), server(serverContext)).run())
                .rootCause().hasMessageStartingWith("unknown issuer");

        serverTrust.updateBundle(ca.trustBundle());
        SSLEngine server = server(serverContext);
        new EngineHandshake(client(aliceUnderNewRoot, clientTrust), server).run();

        assertThat(SpiffeTrustManager.peerIdentity(server.getSession())).isEqualTo(alice);
    }

    @Test
    void servingCertificatePassesStandardHostNameVerification() throws Exception {
        KeyPair keys = EcdsaKeys.generate();
        IssuedCertificate serving = ca.issueServing(keys.getPublic(),
                ServingNames.of(List.of("localhost"), List.of(InetAddress.getByName("127.0.0.1"))), Duration.ofHours(1));
        SSLContext serverContext = context(keyManagers(keys.getPrivate(), serving.chain()), trustManager());
        KeyStore roots = KeyStore.getInstance("PKCS12");
        roots.load(null, null);
        roots.setCertificateEntry("root", ca.signingRoot());
        TrustManagerFactory pkix = TrustManagerFactory.getInstance("PKIX");
        pkix.init(roots);
        SSLContext clientContext = SSLContext.getInstance("TLSv1.3");
        clientContext.init(null, pkix.getTrustManagers(), null);

        SSLEngine server = serverContext.createSSLEngine();
        server.setUseClientMode(false);
        new EngineHandshake(httpsClient(clientContext, "localhost"), server).run();

        SSLEngine otherServer = serverContext.createSSLEngine();
        otherServer.setUseClientMode(false);
        assertThatThrownBy(() -> new EngineHandshake(httpsClient(clientContext, "sutra.example.com"), otherServer).run())
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("sutra.example.com");
    }

    private SpiffeTrustManager trustManager() {
        return SpiffeTrustManager.create(ca.trustBundle(), "cluster.local", clock);
    }

    private static SSLEngine httpsClient(SSLContext context, String host) {
        SSLEngine engine = context.createSSLEngine(host, 15012);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return engine;
    }

    private static SSLEngine client(KeyManager[] keyManagers, TrustManager trustManager) throws Exception {
        SSLEngine engine = context(keyManagers, trustManager).createSSLEngine("peer", 15006);
        engine.setUseClientMode(true);
        return engine;
    }

    private static SSLEngine server(KeyManager[] keyManagers, TrustManager trustManager) throws Exception {
        return server(context(keyManagers, trustManager));
    }

    private static SSLEngine server(SSLContext context) {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setNeedClientAuth(true);
        return engine;
    }

    private static SSLContext context(KeyManager[] keyManagers, TrustManager trustManager) throws Exception {
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(keyManagers, new TrustManager[] {trustManager}, null);
        return context;
    }

    private KeyManager[] keyManagers(CertificateAuthority issuer, SpiffeId id) throws Exception {
        KeyPair keys = EcdsaKeys.generate();
        return keyManagers(keys.getPrivate(), issuer.sign(Csr.create(keys, id), id, Duration.ofSeconds(30)).chain());
    }

    private static KeyManager[] keyManagers(PrivateKey key, List<X509Certificate> chain) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("svid", key, PASSWORD, chain.toArray(X509Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, PASSWORD);
        return factory.getKeyManagers();
    }
}
