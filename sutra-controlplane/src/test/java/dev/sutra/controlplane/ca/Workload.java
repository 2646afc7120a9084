package dev.sutra.controlplane.ca;

import com.google.protobuf.StringValue;
import dev.sutra.api.Nullable;
import dev.sutra.ca.Csr;
import dev.sutra.ca.EcdsaKeys;
import dev.sutra.ca.Pem;
import dev.sutra.ca.PemException;
import dev.sutra.ca.SpiffeId;
import dev.sutra.ca.api.CertificateService;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.netty.handler.ssl.SslContextBuilder;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;

/**
 * A workload as a proxy plays it against the TLS port: its own key, a CSR, a certificate chain.
 *
 * @param keys the workload's key pair; the private key never leaves it
 * @param chain its certificate, leaf first, as CreateCertificate returned it
 */
record Workload(KeyPair keys, List<X509Certificate> chain) {

    SpiffeId identity() throws Exception {
        return SpiffeId.fromCertificate(chain.get(0));
    }

    /** A TLS channel to the TLS port, trusting {@code trust}, presenting {@code client} if given. */
    static ManagedChannel channel(int port, TrustManager trust, @Nullable Workload client) throws SSLException {
        SslContextBuilder tls = GrpcSslContexts.forClient().trustManager(trust);
        if (client != null) {
            tls.keyManager(client.keys().getPrivate(), client.chain());
        }
        return NettyChannelBuilder.forAddress("127.0.0.1", port).sslContext(tls.build()).build();
    }

    /** Calls CreateCertificate with {@code csr}, with the join token as bearer if given. */
    static String create(ManagedChannel channel, String csr, @Nullable String token) {
        Metadata headers = new Metadata();
        if (token != null) {
            headers.put(CertificateService.AUTHORIZATION, "Bearer " + token);
        }
        return ClientCalls.blockingUnaryCall(
                io.grpc.ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers)),
                CertificateService.CREATE_CERTIFICATE, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                StringValue.of(csr)).getValue();
    }

    /** A new key, a CSR for {@code identity}, and the certificate the call returns. */
    static Workload obtain(ManagedChannel channel, SpiffeId identity, @Nullable String token) throws PemException {
        KeyPair keys = EcdsaKeys.generate();
        String pem = create(channel, Csr.create(keys, identity).toPem(), token);
        return new Workload(keys, Pem.parseCertificates("CreateCertificate response", pem));
    }

    static void close(ManagedChannel channel) {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
