package dev.sutra.e2e;

import com.google.protobuf.StringValue;
import dev.sutra.ca.Csr;
import dev.sutra.ca.EcdsaKeys;
import dev.sutra.ca.Pem;
import dev.sutra.ca.SpiffeId;
import dev.sutra.ca.api.CertificateService;
import dev.sutra.ca.authority.CertificateAuthority;
import dev.sutra.testkit.ControlPlaneFixture;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * Peers the mTLS tests play by hand: certificates from the mesh's CA (through its real CSR
 * service, with a join token), from a foreign CA, or none; and a TLS client that sends one
 * request to a sidecar's inbound port and says what came back.
 */
final class TlsPeers {

    private TlsPeers() {
    }

    /** A private key and the chain (leaf first) that certifies it. */
    record Credential(PrivateKey key, List<X509Certificate> chain) {
        X509Certificate leaf() {
            return chain.get(0);
        }
    }

    /** A certificate for {@code namespace}/{@code serviceAccount} from the control plane's CA, by join token. */
    static Credential fromMesh(ControlPlaneFixture cp, String namespace, String serviceAccount) throws IOException {
        KeyPair keys = EcdsaKeys.generate();
        SpiffeId id = cp.identity(namespace, serviceAccount);
        String token = cp.joinToken(namespace, serviceAccount);
        return new Credential(keys.getPrivate(), sign(cp, Csr.create(keys, id), token));
    }

    /** Sends {@code csr} to the CA with {@code token}; the CA's answer, or an exception saying why not. */
    static List<X509Certificate> sign(ControlPlaneFixture cp, Csr csr, String token) throws IOException {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", cp.tlsPort().orElseThrow())
                .sslContext(GrpcSslContexts.forClient()
                        .trustManager(cp.ca().orElseThrow().trustBundle().roots()).build())
                .build();
        try {
            Metadata headers = new Metadata();
            headers.put(CertificateService.AUTHORIZATION, "Bearer " + token);
            StringValue chain = ClientCalls.blockingUnaryCall(
                    ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers)),
                    CertificateService.CREATE_CERTIFICATE, CallOptions.DEFAULT.withDeadlineAfter(15, TimeUnit.SECONDS),
                    StringValue.of(csr.toPem()));
            return Pem.parseCertificates("CA answer", chain.getValue());
        } catch (dev.sutra.ca.PemException e) {
            throw new IOException(e);
        } finally {
            channel.shutdownNow();
        }
    }

    /** A certificate for {@code id} from a CA the mesh has never heard of. */
    static Credential fromForeignCa(Path dir, SpiffeId id) throws Exception {
        CertificateAuthority foreign = CertificateAuthority.builder().selfSigned(dir).trustDomain(id.trustDomain())
                .build();
        KeyPair keys = EcdsaKeys.generate();
        return new Credential(keys.getPrivate(), foreign.sign(Csr.create(keys, id), id).chain());
    }

    /** A TLS client context presenting {@code credential} (none when null) and trusting {@code roots}. */
    static SSLContext client(Credential credential, List<X509Certificate> roots) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < roots.size(); i++) {
            trust.setCertificateEntry("root" + i, roots.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (credential != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("me", credential.key(), new char[0], credential.chain().toArray(X509Certificate[]::new));
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    /**
     * One {@code GET /} over TLS to {@code port}: the response's status line, or {@code refused: }
     * and why the connection failed (a handshake alert, or the server closing it unanswered).
     */
    static String get(SSLContext context, int port, String host) {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5000);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return response.isEmpty() ? "refused: closed without an answer" : response.lines().findFirst().orElseThrow();
        } catch (IOException e) {
            return "refused: " + e;
        }
    }
}
