package dev.sutra.proxy.cluster;

import dev.sutra.proxy.config.InvalidConfigException;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.Locality;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.netty.util.NetUtil;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Validates a {@code ClusterLoadAssignment} and builds its {@link EndpointSet}. */
final class EndpointSetCompiler {
    private static final int MAX_PRIORITY = 128;
    private static final long MAX_WEIGHT_SUM = 0xFFFF_FFFFL;

    private final ClusterLoadAssignment cla;
    private final LbConfig lb;

    EndpointSetCompiler(ClusterLoadAssignment cla, LbConfig lb) {
        this.cla = cla;
        this.lb = lb;
    }

    private InvalidConfigException error(String path, String reason) {
        return new InvalidConfigException("ClusterLoadAssignment", cla.getClusterName(), path,
                reason);
    }

    EndpointSet compile() throws InvalidConfigException {
        if (cla.getClusterName().isEmpty()) {
            throw error("cluster_name", "must not be empty");
        }
        if (cla.getNamedEndpointsCount() > 0) {
            throw error("named_endpoints", "not supported");
        }
        var policy = cla.getPolicy();
        if (policy.getDropOverloadsCount() > 0) {
            throw error("policy.drop_overloads", "not supported");
        }
        if (policy.hasEndpointStaleAfter()) {
            throw error("policy.endpoint_stale_after", "not supported");
        }
        int factor = EndpointSet.DEFAULT_OVERPROVISIONING_FACTOR;
        if (policy.hasOverprovisioningFactor()) {
            factor = policy.getOverprovisioningFactor().getValue();
            if (factor <= 0) {
                throw error("policy.overprovisioning_factor", "must be greater than 0");
            }
        }

        int levels = 0;
        for (int i = 0; i < cla.getEndpointsCount(); i++) {
            int p = cla.getEndpoints(i).getPriority();
            if (p > MAX_PRIORITY) {
                throw error("endpoints[" + i + "].priority", "must be at most " + MAX_PRIORITY);
            }
            levels = Math.max(levels, p + 1);
        }
        List<Endpoint> all = new ArrayList<>();
        List<PriorityLevel> priorities = new ArrayList<>();
        for (int p = 0; p < levels; p++) {
            priorities.add(level(p, all));
        }
        return new EndpointSet(cla.getClusterName(), priorities, all, factor,
                policy.getWeightedPriorityHealth());
    }

    private PriorityLevel level(int priority, List<Endpoint> all) throws InvalidConfigException {
        List<LocalityEndpoints> localities = new ArrayList<>();
        List<Endpoint> endpoints = new ArrayList<>();
        Set<Locality> seen = new HashSet<>();
        long localityWeights = 0;
        int lastIndex = -1;
        for (int i = 0; i < cla.getEndpointsCount(); i++) {
            LocalityLbEndpoints group = cla.getEndpoints(i);
            if (group.getPriority() != priority) {
                continue;
            }
            String path = "endpoints[" + i + "]";
            lastIndex = i;
            if (!seen.add(group.getLocality())) {
                throw error(path + ".locality", "locality " + describe(group.getLocality())
                        + " is listed twice at priority " + priority);
            }
            if (group.hasLedsClusterLocalityConfig()) {
                throw error(path + ".leds_cluster_locality_config", "LEDS is not supported");
            }
            int weight = 0;
            if (group.hasLoadBalancingWeight()) {
                weight = group.getLoadBalancingWeight().getValue();
                if (weight < 1) {
                    throw error(path + ".load_balancing_weight", "must be at least 1");
                }
                localityWeights += Integer.toUnsignedLong(weight);
                if (localityWeights > MAX_WEIGHT_SUM) {
                    throw error(path + ".load_balancing_weight", "locality weights of priority "
                            + priority + " add up to more than " + MAX_WEIGHT_SUM);
                }
            }
            List<Endpoint> members = new ArrayList<>();
            long hostWeights = 0;
            for (int j = 0; j < group.getLbEndpointsCount(); j++) {
                Endpoint e = endpoint(group.getLbEndpoints(j), path + ".lb_endpoints[" + j + "]",
                        all.size(), priority, localities.size(), group.getLocality());
                hostWeights += e.weight();
                if (hostWeights > MAX_WEIGHT_SUM) {
                    throw error(path + ".lb_endpoints[" + j + "].load_balancing_weight",
                            "endpoint weights of the locality add up to more than "
                                    + MAX_WEIGHT_SUM);
                }
                all.add(e);
                members.add(e);
                endpoints.add(e);
            }
            localities.add(new LocalityEndpoints(group.getLocality(), weight, members));
        }
        // Envoy would silently fall back to ignoring localities here; a priority that can never be
        // reached by locality weight is almost certainly a control-plane mistake.
        if (lb.localityWeighted() && !localities.isEmpty() && localityWeights == 0) {
            throw error("endpoints[" + lastIndex + "].load_balancing_weight", "locality-weighted"
                    + " load balancing is on but no locality of priority " + priority
                    + " has a weight, so the priority could never receive traffic");
        }
        return new PriorityLevel(priority, localities, endpoints);
    }

    private Endpoint endpoint(LbEndpoint lbe, String path, int index, int priority,
            int localityIndex, Locality locality) throws InvalidConfigException {
        if (lbe.getHostIdentifierCase() != LbEndpoint.HostIdentifierCase.ENDPOINT) {
            throw error(path, lbe.getHostIdentifierCase() == LbEndpoint.HostIdentifierCase.ENDPOINT_NAME
                    ? "endpoint_name is not supported" : "endpoint is required");
        }
        var ep = lbe.getEndpoint();
        if (ep.getAdditionalAddressesCount() > 0) {
            throw error(path + ".endpoint.additional_addresses", "not supported");
        }
        SocketAddress sa = socketAddress(ep.getAddress(), path + ".endpoint.address");
        String sp = path + ".endpoint.address.socket_address";
        if (sa.getProtocol() != SocketAddress.Protocol.TCP) {
            throw error(sp + ".protocol", "only TCP is supported");
        }
        if (!sa.getResolverName().isEmpty()) {
            throw error(sp + ".resolver_name", "custom resolvers are not supported");
        }
        if (sa.getPortSpecifierCase() != SocketAddress.PortSpecifierCase.PORT_VALUE) {
            throw error(sp + ".port_value", "a numeric port is required");
        }
        int port = sa.getPortValue();
        if (port < 1 || port > 65535) {
            throw error(sp + ".port_value", "must be between 1 and 65535: " + port);
        }
        String host = sa.getAddress();
        if (!NetUtil.isValidIpV4Address(host) && !NetUtil.isValidIpV6Address(host)) {
            throw error(sp + ".address", "not an IP address: \"" + host + "\"");
        }
        int weight = 1;
        if (lbe.hasLoadBalancingWeight()) {
            weight = lbe.getLoadBalancingWeight().getValue();
            if (weight < 1) {
                throw error(path + ".load_balancing_weight", "must be at least 1");
            }
        }
        EndpointHealth health = switch (lbe.getHealthStatus()) {
            case UNKNOWN, HEALTHY -> EndpointHealth.HEALTHY;
            case DEGRADED -> EndpointHealth.DEGRADED;
            case UNHEALTHY, TIMEOUT -> EndpointHealth.UNHEALTHY;
            case DRAINING -> EndpointHealth.DRAINING;
            case UNRECOGNIZED -> throw error(path + ".health_status", "unknown value "
                    + lbe.getHealthStatusValue());
        };
        return new Endpoint(index, host, port, weight, health, priority, localityIndex, locality,
                ep.getHostname(), lbe.getMetadata().getFilterMetadataMap());
    }

    private SocketAddress socketAddress(Address address, String path)
            throws InvalidConfigException {
        return switch (address.getAddressCase()) {
            case SOCKET_ADDRESS -> address.getSocketAddress();
            case PIPE -> throw error(path + ".pipe", "pipe addresses are not supported");
            case ENVOY_INTERNAL_ADDRESS -> throw error(path + ".envoy_internal_address",
                    "internal addresses are not supported");
            case ADDRESS_NOT_SET -> throw error(path, "a socket address is required");
        };
    }

    private static String describe(Locality l) {
        return "{region=\"" + l.getRegion() + "\", zone=\"" + l.getZone() + "\", sub_zone=\""
                + l.getSubZone() + "\"}";
    }
}
