package dev.sutra.proxy.xds;

import dev.sutra.proxy.config.InvalidConfigException;
import dev.sutra.xds.TypeUrls;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What goes back and forth on an ADS stream, by the state-of-the-world rules: requests for what
 * the accepted config needs, and an ACK or a NACK for every response. Confined to the client
 * thread.
 */
final class Exchange {

    private static final Logger log = LoggerFactory.getLogger(XdsClient.class);

    private final String target;
    private final AcceptedConfig config;

    Exchange(String target, AcceptedConfig config) {
        this.target = target;
        this.config = config;
    }

    /**
     * Turns {@code response} into a candidate, has it applied, and ACKs it, then follows changed
     * clusters or listeners with EDS or RDS requests; or NACKs it and keeps the config in force.
     */
    void handle(AdsStream stream, DiscoveryResponse response) {
        String type = response.getTypeUrl();
        if (!stream.requested(type)) {
            log.debug("ignoring a response of {}, which this client never requested", type);
            return;
        }
        ConfigOrigin before = config.origin();
        boolean applied;
        try {
            TypeResources received = ResponseDecoder.decode(response);
            XdsSnapshot candidate = Candidates.next(config.snapshot(), type, received, config.subscribed(type),
                    Instant.now());
            applied = config.accept(type, candidate);
        } catch (Exception e) {
            // Exception, not RuntimeException: Netty and gRPC rethrow checked exceptions undeclared,
            // and one that escaped here would leave the response neither ACKed nor NACKed.
            nack(stream, response, e);
            return;
        }
        stream.send(type, response.getVersionInfo(), names(type), null);
        if (applied) {
            log.info("accepted {} version {} from {}: {} resources", TypeUrls.shortName(type),
                    response.getVersionInfo(), target, config.snapshot().of(type).resources().size());
        } else {
            log.debug("accepted {} version {} from {}: resources unchanged", TypeUrls.shortName(type),
                    response.getVersionInfo(), target);
        }
        if (before == ConfigOrigin.STALE_SNAPSHOT && config.origin() == ConfigOrigin.CONTROL_PLANE) {
            log.info("config from control plane {} replaces the stale config", target);
        }
        sync(stream);
    }

    private void nack(AdsStream stream, DiscoveryResponse response, Exception e) {
        String type = response.getTypeUrl();
        String reason = e.getMessage() == null ? e.toString() : e.getMessage();
        config.reject(type, response.getVersionInfo(), reason);
        if (e instanceof InvalidConfigException) {
            log.warn("rejected {} version {} from {}: {}", TypeUrls.shortName(type), response.getVersionInfo(),
                    target, reason);
        } else {
            // Not a config error the compiler foresaw: the stack trace is what finds the bug.
            log.warn("rejected {} version {} from {}: {}", TypeUrls.shortName(type), response.getVersionInfo(),
                    target, reason, e);
        }
        // A NACK carries the version still in force, so the control plane knows what the proxy runs.
        stream.send(type, config.requestVersion(type), names(type), com.google.rpc.Status.newBuilder()
                .setCode(com.google.rpc.Code.INVALID_ARGUMENT_VALUE)
                .setMessage(reason)
                .build());
    }

    /**
     * Sends a request for every type whose subscription on {@code stream} differs from what the
     * accepted config needs: the first requests of a stream (CDS and LDS by wildcard, EDS and RDS by
     * name, with the versions already held), and EDS or RDS when clusters or listeners changed.
     */
    void sync(AdsStream stream) {
        for (String type : AcceptedConfig.TYPES) {
            List<String> names = names(type);
            boolean wildcard = type.equals(TypeUrls.CLUSTER) || type.equals(TypeUrls.LISTENER);
            // An EDS or RDS request with no names would be a wildcard, so none goes out until
            // there is a name; once one went out, an empty list unsubscribes from all of them.
            boolean send = stream.requested(type)
                    ? !names.equals(stream.requestedNames(type))
                    : wildcard || !names.isEmpty();
            if (send) {
                stream.send(type, config.requestVersion(type), names, null);
            }
        }
    }

    /** The names a request of {@code type} carries: none for the wildcard types. */
    private List<String> names(String type) {
        return List.copyOf(config.subscribed(type));
    }
}
