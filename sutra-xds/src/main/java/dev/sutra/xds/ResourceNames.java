package dev.sutra.xds;

import java.util.Optional;

/**
 * Istio's resource names, so config dumps read as they do in Istio:
 * {@code outbound|9080|v1|reviews.default.svc.cluster.local}, {@code inbound|9080||}.
 */
public final class ResourceNames {

    /** The route configuration of the outbound HTTP proxy listener. */
    public static final String HTTP_PROXY_ROUTE = "http_proxy";

    /** The outbound listener applications reach by {@code HTTP_PROXY} or by Host. */
    public static final String OUTBOUND_LISTENER = "virtualOutbound";

    /** The prefix of inbound listeners; the first is {@code virtualInbound}, others add their port. */
    public static final String INBOUND_LISTENER = "virtualInbound";

    private ResourceNames() {
    }

    /** {@code outbound|<port>|<subset>|<host>}; the subset is empty for the whole service. */
    public static String outboundCluster(int port, String subset, String host) {
        return "outbound|" + port + "|" + subset + "|" + host;
    }

    /**
     * {@code outbound_.<port>_.<subset>_.<host>}: the SNI a sidecar sends to a peer sidecar over the
     * mesh's mutual TLS, as Istio builds it (the subset empty for the whole service).
     */
    public static String outboundSni(int port, String subset, String host) {
        return "outbound_." + port + "_." + subset + "_." + host;
    }

    /** {@code inbound|<targetPort>||}: the cluster of the local application's port. */
    public static String inboundCluster(int targetPort) {
        return "inbound|" + targetPort + "||";
    }

    /** The parts of an outbound cluster name. */
    public record OutboundCluster(int port, String subset, String host) {
    }

    public static Optional<OutboundCluster> parseOutbound(String name) {
        String[] parts = name.split("\\|", -1);
        if (parts.length != 4 || !parts[0].equals("outbound")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new OutboundCluster(Integer.parseInt(parts[1]), parts[2], parts[3]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
