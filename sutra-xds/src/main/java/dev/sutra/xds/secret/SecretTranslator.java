package dev.sutra.xds.secret;

import com.google.protobuf.ByteString;
import dev.sutra.xds.ProxyContext;
import dev.sutra.xds.security.MeshTls;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * SDS: the secrets the control plane serves. Only the trust bundle ({@code ROOTCA}) is: the
 * workload certificate ({@code default}) never leaves the proxy that holds its key, which resolves
 * it itself as Istio's node agent does. Proxyless gRPC clients get no TLS, so no secrets.
 */
public final class SecretTranslator {

    private final ProxyContext context;

    public SecretTranslator(ProxyContext context) {
        this.context = context;
    }

    public List<Secret> secrets() {
        if (!context.mtlsEnabled()) {
            return List.of();
        }
        return List.of(Secret.newBuilder()
                .setName(MeshTls.ROOT_CA)
                .setValidationContext(CertificateValidationContext.newBuilder()
                        .setTrustedCa(DataSource.newBuilder().setInlineBytes(ByteString.copyFrom(
                                context.index().state().trustBundle(), StandardCharsets.UTF_8))))
                .build());
    }
}
