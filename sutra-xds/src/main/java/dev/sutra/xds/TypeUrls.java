package dev.sutra.xds;

import java.util.List;

/** The xDS v3 resource type URLs, in the order Envoy wants them pushed (CDS, EDS, LDS, RDS, SDS). */
public final class TypeUrls {

    public static final String CLUSTER = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
    public static final String ENDPOINT = "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";
    public static final String LISTENER = "type.googleapis.com/envoy.config.listener.v3.Listener";
    public static final String ROUTE = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";
    public static final String SECRET = "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret";

    /** Make-before-break order: clusters before the endpoints and listeners that use them. */
    public static final List<String> PUSH_ORDER = List.of(CLUSTER, ENDPOINT, LISTENER, ROUTE, SECRET);

    private TypeUrls() {
    }

    /** {@code CDS}, {@code EDS}, ... for logs and status pages. */
    public static String shortName(String typeUrl) {
        return switch (typeUrl) {
            case CLUSTER -> "CDS";
            case ENDPOINT -> "EDS";
            case LISTENER -> "LDS";
            case ROUTE -> "RDS";
            case SECRET -> "SDS";
            default -> typeUrl.substring(typeUrl.lastIndexOf('.') + 1);
        };
    }
}
