package dev.sutra.controlplane.ca;

import dev.sutra.ca.SpiffeId;
import dev.sutra.ca.api.CertificateService;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS port's first check on every call: finds the {@link Caller} (address, client certificate,
 * {@code authorization} header) and makes it the call's context. Only {@code CreateCertificate}
 * may be called without a client certificate; anything else (ADS) is refused with
 * UNAUTHENTICATED. A client certificate here was verified by the handshake
 * ({@link VerifyingTrustManager}), so its SPIFFE ID is the caller's identity.
 */
final class CallerInterceptor implements ServerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(CallerInterceptor.class);
    private static final String CREATE_CERTIFICATE = CertificateService.CREATE_CERTIFICATE.getFullMethodName();

    private final MeshCa ca;

    CallerInterceptor(MeshCa ca) {
        this.ca = ca;
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
            ServerCallHandler<ReqT, RespT> next) {
        String address = address(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
        List<X509Certificate> chain = peerChain(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        SpiffeId identity = null;
        if (!chain.isEmpty()) {
            try {
                identity = SpiffeId.fromCertificate(chain.get(0));
                ca.presented(identity, chain);
            } catch (CertificateException e) {
                // The handshake's trust manager already refuses such chains; this is a second line.
                return refuse(call, Status.UNAUTHENTICATED.withDescription(e.getMessage()));
            }
        }
        String method = call.getMethodDescriptor().getFullMethodName();
        if (identity == null && !method.equals(CREATE_CERTIFICATE)) {
            String message = method + " from " + address + " needs a client certificate on the TLS port: a proxy "
                    + "gets one with " + CREATE_CERTIFICATE + " and a join token, then connects with it";
            log.warn("refused: {}", message);
            return refuse(call, Status.UNAUTHENTICATED.withDescription(message));
        }
        Caller caller = new Caller(address, identity, chain, headers.get(CertificateService.AUTHORIZATION));
        return Contexts.interceptCall(Context.current().withValue(Caller.KEY, caller), call, headers, next);
    }

    private static <ReqT, RespT> ServerCall.Listener<ReqT> refuse(ServerCall<ReqT, RespT> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {
        };
    }

    private static List<X509Certificate> peerChain(SSLSession session) {
        if (session == null) {
            return List.of();
        }
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : session.getPeerCertificates()) {
                if (c instanceof X509Certificate x509) {
                    chain.add(x509);
                }
            }
            return chain;
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }

    static String address(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress() == null ? inet.getHostString() + ":" + inet.getPort()
                    : inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
