package dev.sutra.proxy.config;

import dev.sutra.proxy.router.RouteTable;
import java.util.List;
import java.util.Set;

/** What a listener does with a connection: HTTP through the connection manager, or TCP proxying. */
public sealed interface ListenerChain {

    /** The stat prefix of its network filter, naming it in metrics. */
    String statPrefix();

    /**
     * An HTTP connection manager.
     *
     * @param rdsName the route configuration to follow by RDS, or null when routes are inline
     * @param inlineRoutes the inline route table, or null when routes come by RDS
     * @param useRemoteAddress whether the peer's address is appended to {@code x-forwarded-for}
     * @param generateRequestId whether a missing {@code x-request-id} is generated
     * @param upgrades upgrade types (lower case, e.g. {@code websocket}) allowed on this listener
     * @param faultFilter whether the fault filter is in the chain
     * @param forwardClientCert Envoy's {@code forward_client_cert_details} when it adds an
     *     {@code x-forwarded-client-cert} ({@code APPEND_FORWARD}, {@code SANITIZE_SET}); empty otherwise
     * @param accessLogs where each finished request is logged, and how
     */
    record Http(String statPrefix, @Nullable String rdsName, @Nullable RouteTable inlineRoutes,
            boolean useRemoteAddress, boolean generateRequestId, Set<String> upgrades, boolean faultFilter,
            String forwardClientCert, List<AccessLogSpec> accessLogs) implements ListenerChain {

        public Http {
            upgrades = Set.copyOf(upgrades);
            accessLogs = List.copyOf(accessLogs);
        }
    }

    /** A TCP proxy to one cluster. */
    record Tcp(String statPrefix, String cluster) implements ListenerChain {
    }
}
