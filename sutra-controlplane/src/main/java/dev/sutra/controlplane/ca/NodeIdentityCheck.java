package dev.sutra.controlplane.ca;

import dev.sutra.api.Nullable;
import dev.sutra.ca.SpiffeId;
import dev.sutra.xds.node.NodeMetadata;
import dev.sutra.xds.node.ProxyNode;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the TLS port, an xDS stream may only speak for the identity of its client certificate: every
 * request that carries a {@code Node} must claim the namespace and service account of the
 * certificate's SPIFFE ID, else the stream is refused with PERMISSION_DENIED naming both (Istio
 * refuses the same way). Without this, any proxy with a certificate could register as another
 * service and receive its traffic. The refused request never reaches java-control-plane.
 */
final class NodeIdentityCheck implements ServerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(NodeIdentityCheck.class);

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
            ServerCallHandler<ReqT, RespT> next) {
        Caller caller = Caller.current();
        ClosableCall<ReqT, RespT> closable = new ClosableCall<>(call);
        ServerCall.Listener<ReqT> delegate = next.startCall(closable, headers);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
            private boolean refused;

            @Override
            public void onMessage(ReqT message) {
                if (refused) {
                    return;
                }
                String problem = problem(nodeOf(message), caller);
                if (problem != null) {
                    refused = true;
                    log.warn("refused xDS stream of {}: {}", caller.address(), problem);
                    closable.refuse(Status.PERMISSION_DENIED.withDescription(problem));
                    return;
                }
                super.onMessage(message);
            }
        };
    }

    private static @Nullable Node nodeOf(Object message) {
        if (message instanceof DiscoveryRequest request && request.hasNode()) {
            return request.getNode();
        }
        if (message instanceof DeltaDiscoveryRequest request && request.hasNode()) {
            return request.getNode();
        }
        return null;
    }

    /** Null when the node may speak for the caller's certificate, else why not. */
    private static @Nullable String problem(@Nullable Node node, Caller caller) {
        SpiffeId certificate = caller.identity();
        if (node == null || certificate == null) {
            // No node: nothing is claimed (the cache answers nothing until a node arrives). No
            // certificate cannot happen here: CallerInterceptor refuses such streams first.
            return certificate == null ? "no client certificate" : null;
        }
        ProxyNode proxy;
        try {
            proxy = NodeMetadata.fromNode(node);
        } catch (RuntimeException e) {
            return "node " + node.getId() + " has unreadable metadata: " + e.getMessage();
        }
        if (proxy.namespace().equals(certificate.namespace())
                && proxy.serviceAccount().equals(certificate.serviceAccount())) {
            return null;
        }
        return "node " + node.getId() + " claims namespace " + proxy.namespace() + " and service account "
                + proxy.serviceAccount() + " (" + new SpiffeId(certificate.trustDomain(), proxy.namespace(),
                        proxy.serviceAccount()) + ") but its client certificate is " + certificate;
    }

    /**
     * A call this check can close while java-control-plane holds it too: closing and sending are
     * serialized, and once refused, whatever java-control-plane still sends or closes is dropped
     * (a gRPC call must not be closed twice).
     */
    private static final class ClosableCall<ReqT, RespT>
            extends ForwardingServerCall.SimpleForwardingServerCall<ReqT, RespT> {

        private boolean closed;

        ClosableCall(ServerCall<ReqT, RespT> delegate) {
            super(delegate);
        }

        synchronized void refuse(Status status) {
            if (!closed) {
                closed = true;
                super.close(status, new Metadata());
            }
        }

        @Override
        public synchronized void sendHeaders(Metadata headers) {
            if (!closed) {
                super.sendHeaders(headers);
            }
        }

        @Override
        public synchronized void sendMessage(RespT message) {
            if (!closed) {
                super.sendMessage(message);
            }
        }

        @Override
        public synchronized void close(Status status, Metadata trailers) {
            if (!closed) {
                closed = true;
                super.close(status, trailers);
            }
        }
    }
}
