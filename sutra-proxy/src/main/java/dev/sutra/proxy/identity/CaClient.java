package dev.sutra.proxy.identity;

import com.google.protobuf.StringValue;
import dev.sutra.api.Nullable;
import dev.sutra.ca.Csr;
import dev.sutra.ca.Pem;
import dev.sutra.ca.PemException;
import dev.sutra.ca.api.CertificateService;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509TrustManager;

/**
 * Asks the control plane's CA to sign a CSR, over TLS to its port 15012. The first request
 * authenticates with the join token; renewals present the current certificate instead.
 */
final class CaClient {

    private final String host;
    private final int port;

    CaClient(String host, int port) {
        this.host = host;
        this.port = port;
    }

    String target() {
        return host + ":" + port;
    }

    /**
     * The chain (leaf first) the CA signs for {@code csr}; {@code current} (for renewal) is the
     * client certificate, else {@code joinToken} authenticates.
     */
    List<X509Certificate> sign(Csr csr, X509TrustManager trust, @Nullable WorkloadCertificate current,
            @Nullable String joinToken) throws IOException {
        SslContextBuilder tls = GrpcSslContexts.forClient().trustManager(trust).protocols("TLSv1.3", "TLSv1.2");
        if (current != null) {
            tls.keyManager(current.key(), current.chain().toArray(X509Certificate[]::new));
        }
        SslContext context;
        try {
            context = tls.build();
        } catch (SSLException e) {
            throw new IOException("cannot set up TLS to the CA at " + target() + ": " + e.getMessage(), e);
        }
        ManagedChannel channel = NettyChannelBuilder.forAddress(host, port).sslContext(context).build();
        try {
            io.grpc.Channel ch = channel;
            if (current == null && joinToken != null) {
                Metadata headers = new Metadata();
                headers.put(CertificateService.AUTHORIZATION, "Bearer " + joinToken);
                ch = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
            }
            StringValue chain = ClientCalls.blockingUnaryCall(ch, CertificateService.CREATE_CERTIFICATE,
                    CallOptions.DEFAULT.withDeadlineAfter(15, TimeUnit.SECONDS), StringValue.of(csr.toPem()));
            return Pem.parseCertificates("the CA's answer", chain.getValue());
        } catch (StatusRuntimeException e) {
            throw new IOException("the CA at " + target() + " refused: " + e.getStatus().getCode() + ": "
                    + e.getStatus().getDescription(), e);
        } catch (PemException e) {
            throw new IOException("the CA at " + target() + " answered with an unreadable chain: " + e.getMessage(), e);
        } finally {
            channel.shutdownNow();
        }
    }
}
