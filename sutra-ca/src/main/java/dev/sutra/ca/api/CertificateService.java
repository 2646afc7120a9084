package dev.sutra.ca.api;

import com.google.protobuf.StringValue;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;

/**
 * The CA's gRPC API, shared by the control plane (server) and proxies (client), on the control
 * plane's TLS port (15012). One method: {@code sutra.ca.v1.CertificateService/CreateCertificate}
 * takes a PKCS#10 CSR in PEM and returns the signed chain in PEM (leaf first, then intermediates;
 * the root travels in the {@code ROOTCA} trust bundle instead).
 *
 * <p>The caller authenticates either with a join token ({@code authorization: Bearer <token>}),
 * which allows exactly the identity it was issued for, or with its current workload certificate
 * as the TLS client certificate (renewal), which allows the identity in that certificate.
 */
public final class CertificateService {

    public static final String SERVICE = "sutra.ca.v1.CertificateService";

    public static final MethodDescriptor<StringValue, StringValue> CREATE_CERTIFICATE =
            MethodDescriptor.<StringValue, StringValue>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "CreateCertificate"))
                    .setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
                    .build();

    /** The header that carries a join token. */
    public static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private CertificateService() {
    }
}
