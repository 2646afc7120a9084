package dev.sutra.testkit;

import com.google.protobuf.StringValue;
import io.grpc.BindableService;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

/**
 * A real gRPC service for tests, defined without generated code: {@code sutra.testkit.Echo} with a
 * unary {@code Say} and a bidirectional {@code Chat}. Replies are {@code <server name>:<request>},
 * so a test sees which backend answered; request metadata named {@code echo-*} comes back as
 * response headers and the trailer {@code served-by} names the server.
 */
public final class EchoGrpc {

    public static final String SERVICE = "sutra.testkit.Echo";

    public static final MethodDescriptor<StringValue, StringValue> SAY =
            MethodDescriptor.<StringValue, StringValue>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Say"))
                    .setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
                    .build();

    public static final MethodDescriptor<StringValue, StringValue> CHAT =
            MethodDescriptor.<StringValue, StringValue>newBuilder()
                    .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Chat"))
                    .setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
                    .build();

    public static final Metadata.Key<String> SERVED_BY =
            Metadata.Key.of("served-by", Metadata.ASCII_STRING_MARSHALLER);

    private EchoGrpc() {
    }

    /** The service, answering as {@code name}. */
    public static ServerServiceDefinition service(String name) {
        ServerServiceDefinition definition = ServerServiceDefinition.builder(SERVICE)
                .addMethod(SAY, ServerCalls.asyncUnaryCall((request, reply) -> {
                    reply.onNext(StringValue.of(name + ":" + request.getValue()));
                    reply.onCompleted();
                }))
                .addMethod(CHAT, ServerCalls.asyncBidiStreamingCall(reply -> new StreamObserver<>() {
                    @Override
                    public void onNext(StringValue value) {
                        reply.onNext(StringValue.of(name + ":" + value.getValue()));
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                        reply.onCompleted();
                    }
                }))
                .build();
        return ServerInterceptors.intercept(definition, new Headers(name));
    }

    /** A bindable form, for server builders that take services. */
    public static BindableService bindable(String name) {
        return () -> service(name);
    }

    /** Echoes {@code echo-*} request headers and adds the {@code served-by} trailer. */
    private record Headers(String name) implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata requestHeaders,
                ServerCallHandler<Q, R> next) {
            return next.startCall(new io.grpc.ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                @Override
                public void sendHeaders(Metadata headers) {
                    for (String key : requestHeaders.keys()) {
                        if (key.startsWith("echo-") && !key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                            Metadata.Key<String> k = Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER);
                            headers.put(k, requestHeaders.get(k));
                        }
                    }
                    super.sendHeaders(headers);
                }

                @Override
                public void close(io.grpc.Status status, Metadata trailers) {
                    trailers.put(SERVED_BY, name);
                    super.close(status, trailers);
                }
            }, requestHeaders);
        }
    }
}
