package dev.sutra.xds.telemetry;

import static java.util.Objects.requireNonNull;

import dev.sutra.api.Nullable;
import dev.sutra.api.config.ConfigResource;
import io.fabric8.istio.api.api.telemetry.v1alpha1.ProviderRef;
import io.fabric8.istio.api.api.telemetry.v1alpha1.Telemetry;
import io.fabric8.istio.api.api.telemetry.v1alpha1.WorkloadMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Access logging from Telemetry resources, resolved per workload as Istio resolves it: the mesh
 * level (no selector, root namespace), then the namespace (no selector), then the workload
 * (selector matching its labels); for the provider, the most specific level that mentions it
 * decides whether it logs, and for which side (client, server or both).
 *
 * <p>Sutra knows Istio's built-in provider {@value #ENVOY_PROVIDER}: Envoy's file logger on the
 * proxy's standard output with Istio's text format. Entries that name only other providers, or
 * carry a {@code filter} expression (not evaluated yet), enable nothing; validation says so.
 */
public final class AccessLogging {

    /** Istio's built-in access log provider. */
    public static final String ENVOY_PROVIDER = "envoy";

    /** Istio's default text format for the {@code envoy} provider. */
    public static final String ISTIO_TEXT_FORMAT = "[%START_TIME%] \"%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% "
            + "%PROTOCOL%\" %RESPONSE_CODE% %RESPONSE_FLAGS% %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS% "
            + "\"%UPSTREAM_TRANSPORT_FAILURE_REASON%\" %BYTES_RECEIVED% %BYTES_SENT% %DURATION% "
            + "%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% \"%REQ(X-FORWARDED-FOR)%\" \"%REQ(USER-AGENT)%\" "
            + "\"%REQ(X-REQUEST-ID)%\" \"%REQ(:AUTHORITY)%\" \"%UPSTREAM_HOST%\" %UPSTREAM_CLUSTER_RAW% "
            + "%UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS% "
            + "%REQUESTED_SERVER_NAME% %ROUTE_NAME%\n";

    /** Which listeners of a workload log: outbound (client), inbound (server), both or none. */
    public record Sides(boolean client, boolean server) {
        public static final Sides NONE = new Sides(false, false);
    }

    private final List<Telemetry> mesh = new ArrayList<>();
    private final Map<String, List<Telemetry>> namespaces = new HashMap<>();
    private final Map<String, List<Telemetry>> workloads = new HashMap<>();

    public AccessLogging(List<ConfigResource<Telemetry>> telemetries, String rootNamespace) {
        requireNonNull(rootNamespace, "rootNamespace");
        List<ConfigResource<Telemetry>> byName = new ArrayList<>(telemetries);
        byName.sort(Comparator.comparing(ConfigResource::key));
        for (ConfigResource<Telemetry> t : byName) {
            Telemetry spec = t.spec();
            boolean selects = spec.getSelector() != null && spec.getSelector().getMatchLabels() != null
                    && !spec.getSelector().getMatchLabels().isEmpty();
            if (!selects && t.namespace().equals(rootNamespace)) {
                mesh.add(spec);
            } else if (!selects) {
                namespaces.computeIfAbsent(t.namespace(), ns -> new ArrayList<>()).add(spec);
            } else {
                workloads.computeIfAbsent(t.namespace(), ns -> new ArrayList<>()).add(spec);
            }
        }
    }

    /** Where the {@code envoy} provider logs for a workload in {@code namespace} carrying {@code labels}. */
    public Sides forWorkload(String namespace, Map<String, String> labels) {
        Sides sides = Sides.NONE;
        sides = apply(sides, mesh);
        sides = apply(sides, namespaces.getOrDefault(namespace, List.of()));
        List<Telemetry> selecting = new ArrayList<>();
        for (Telemetry t : workloads.getOrDefault(namespace, List.of())) {
            if (labels.entrySet().containsAll(t.getSelector().getMatchLabels().entrySet())) {
                selecting.add(t);
            }
        }
        return apply(sides, selecting);
    }

    /** The level's word on the provider, if it has one, replaces what wider levels said. */
    private static Sides apply(Sides inherited, List<Telemetry> level) {
        Sides result = inherited;
        for (Telemetry t : level) {
            for (var logging : Objects.requireNonNullElse(t.getAccessLogging(),
                    List.<io.fabric8.istio.api.api.telemetry.v1alpha1.AccessLogging>of())) {
                if (logging == null || !namesEnvoy(logging.getProviders())) {
                    continue;
                }
                boolean disabled = Boolean.TRUE.equals(logging.getDisabled())
                        || logging.getFilter() != null && logging.getFilter().getExpression() != null
                        && !logging.getFilter().getExpression().isBlank();
                WorkloadMode mode = logging.getMatch() == null || logging.getMatch().getMode() == null
                        ? WorkloadMode.CLIENT_AND_SERVER : logging.getMatch().getMode();
                boolean client = mode != WorkloadMode.SERVER;
                boolean server = mode != WorkloadMode.CLIENT;
                result = new Sides(client ? !disabled : result.client(), server ? !disabled : result.server());
            }
        }
        return result;
    }

    private static boolean namesEnvoy(@Nullable List<ProviderRef> providers) {
        return providers != null && providers.stream().anyMatch(p -> p != null && ENVOY_PROVIDER.equals(p.getName()));
    }
}
