package dev.sutra.controlplane.ca;

import com.google.protobuf.StringValue;
import dev.sutra.ca.CertificateInfo;
import dev.sutra.ca.Csr;
import dev.sutra.ca.PemException;
import dev.sutra.ca.api.CertificateService;
import dev.sutra.ca.authority.IssuedCertificate;
import dev.sutra.ca.authority.SigningRefusedException;
import dev.sutra.ca.join.InvalidJoinTokenException;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sutra.ca.v1.CertificateService/CreateCertificate} on the TLS port: authenticates the
 * caller (a join token in {@code authorization: Bearer <token>}, else its verified client
 * certificate), signs its CSR for exactly the identity that credential allows, and returns the
 * chain in PEM, leaf first, root not included.
 *
 * <p>Status codes: UNAUTHENTICATED without a credential or with a bad token; PERMISSION_DENIED
 * when the CSR asks for another identity; INVALID_ARGUMENT for a CSR that does not parse, is not
 * signed by its key, or has an unsupported key; RESOURCE_EXHAUSTED when the signing queue is full.
 * Every refusal is one WARN line naming the caller, what it asked and what it was allowed.
 *
 * <p>Signing is CPU work, so everything after reading the call's context runs on a small
 * executor of its own, never on gRPC's threads.
 */
final class CertificateRequests implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CertificateRequests.class);
    private static final String BEARER = "bearer ";
    /** Signing requests that may wait; more are refused rather than queued without bound. */
    private static final int QUEUE = 1024;

    private final MeshCa ca;
    private final CaMetrics metrics;
    private final ExecutorService signing = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE), r -> {
                Thread t = new Thread(r, "sutra-ca-sign");
                t.setDaemon(true);
                return t;
            });

    CertificateRequests(MeshCa ca, CaMetrics metrics) {
        this.ca = ca;
        this.metrics = metrics;
    }

    /** The service, built by hand around {@link CertificateService#CREATE_CERTIFICATE}. */
    ServerServiceDefinition definition() {
        return ServerServiceDefinition.builder(CertificateService.SERVICE)
                .addMethod(CertificateService.CREATE_CERTIFICATE, ServerCalls.asyncUnaryCall(this::create))
                .build();
    }

    private void create(StringValue request, StreamObserver<StringValue> response) {
        Caller caller = Caller.current();
        try {
            signing.execute(() -> respond(caller, request.getValue(), response));
        } catch (RejectedExecutionException e) {
            refuse(response, "busy", Status.RESOURCE_EXHAUSTED, "certificate request from " + caller.address()
                    + " refused: " + QUEUE + " requests are waiting for the CA already; retry with backoff");
        }
    }

    private void respond(Caller caller, String csrPem, StreamObserver<StringValue> response) {
        Credential credential;
        try {
            credential = authenticate(caller);
        } catch (StatusException e) {
            refuse(response, "unauthenticated", Status.UNAUTHENTICATED, e.getStatus().getDescription());
            return;
        }
        String context = "certificate request from " + caller.address() + " with " + credential.describe();
        Csr csr;
        try {
            csr = Csr.fromPem(csrPem);
        } catch (PemException e) {
            refuse(response, "invalid", Status.INVALID_ARGUMENT, context + " refused: " + e.getMessage());
            return;
        }
        IssuedCertificate issued;
        try {
            issued = ca.sign(csr, credential.identity(), credential.source());
        } catch (SigningRefusedException e) {
            boolean identity = e.reason() == SigningRefusedException.Reason.IDENTITY_NOT_ALLOWED;
            refuse(response, identity ? "denied" : "invalid",
                    identity ? Status.PERMISSION_DENIED : Status.INVALID_ARGUMENT,
                    context + " refused: " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            // The CA's own chain has expired, or signing failed: the operator must act.
            log.error("{} failed", context, e);
            metrics.request("failed");
            response.onError(Status.INTERNAL.withDescription(context + " failed: " + e.getMessage())
                    .asRuntimeException());
            return;
        }
        CertificateInfo info = CertificateInfo.of(issued.leaf(), Instant.now());
        if (credential instanceof Credential.Token) {
            log.info("issued certificate {} for {} to {} ({}), valid until {}", info.serialHex(), info.identity(),
                    caller.address(), credential.describe(), info.notAfter());
        } else {
            log.debug("renewed certificate {} for {} to {}, valid until {}", info.serialHex(), info.identity(),
                    caller.address(), info.notAfter());
        }
        metrics.request("issued");
        response.onNext(StringValue.of(issued.toPem()));
        response.onCompleted();
    }

    /** A join token wins over a client certificate: a proxy re-joining may still hold an old one. */
    private Credential authenticate(Caller caller) throws StatusException {
        String authorization = caller.authorization();
        if (authorization != null) {
            if (!authorization.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
                throw unauthenticated("certificate request from " + caller.address()
                        + " has an authorization header that is not \"Bearer <join token>\"");
            }
            try {
                return new Credential.Token(ca.verifyToken(authorization.substring(BEARER.length()).strip()));
            } catch (InvalidJoinTokenException e) {
                throw unauthenticated("certificate request from " + caller.address() + " refused: " + e.getMessage());
            }
        }
        if (caller.identity() != null) {
            return new Credential.Certificate(caller.identity(), caller.certificateSerial());
        }
        throw unauthenticated("certificate request from " + caller.address() + " carries no credential: send a "
                + "join token (authorization: Bearer <token>, from 'sutra token create') or connect with the current "
                + "workload certificate as TLS client certificate");
    }

    private static StatusException unauthenticated(String message) {
        return Status.UNAUTHENTICATED.withDescription(message).asException();
    }

    private void refuse(StreamObserver<StringValue> response, String outcome, Status status, String message) {
        log.warn("{}", message);
        metrics.request(outcome);
        response.onError(status.withDescription(message).asRuntimeException());
    }

    @Override
    public void close() {
        signing.shutdownNow();
    }
}
