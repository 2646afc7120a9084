package dev.sutra.xds.route;

import dev.sutra.api.Nullable;
import dev.sutra.xds.IstioDurations;
import io.envoyproxy.envoy.extensions.filters.common.fault.v3.FaultDelay;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.FaultAbort;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.HTTPFault;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPFaultInjection;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPFaultInjectionAbortGrpcStatus;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPFaultInjectionAbortHttpStatus;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPFaultInjectionDelayFixedDelay;
import io.fabric8.istio.api.api.networking.v1alpha3.Percent;

/**
 * Istio fault injection as Envoy's per-route fault filter config. A fault without a percentage
 * applies to no request (Istio's documented behaviour since istio/istio#36303), except that a
 * delay may still use the deprecated integer {@code percent}.
 */
public final class Faults {

    /** The fault filter's name, the key of its per-route config. */
    public static final String FILTER_NAME = "envoy.filters.http.fault";

    private Faults() {
    }

    static HTTPFault toEnvoy(HTTPFaultInjection fault) {
        HTTPFault.Builder out = HTTPFault.newBuilder();
        if (fault.getDelay() != null) {
            FaultDelay.Builder delay = FaultDelay.newBuilder()
                    .setPercentage(percent(fault.getDelay().getPercentage(), fault.getDelay().getPercent()));
            if (fault.getDelay().getHttpDelayType() instanceof HTTPFaultInjectionDelayFixedDelay fixed) {
                IstioDurations.parse(fixed.getFixedDelay()).ifPresent(delay::setFixedDelay);
            }
            out.setDelay(delay);
        }
        if (fault.getAbort() != null) {
            FaultAbort.Builder abort = FaultAbort.newBuilder()
                    .setPercentage(percent(fault.getAbort().getPercentage(), null));
            if (fault.getAbort().getErrorType() instanceof HTTPFaultInjectionAbortHttpStatus status) {
                abort.setHttpStatus(status.getHttpStatus());
            } else if (fault.getAbort().getErrorType() instanceof HTTPFaultInjectionAbortGrpcStatus grpc) {
                abort.setGrpcStatus(grpcCode(grpc.getGrpcStatus()));
            }
            out.setAbort(abort);
        }
        return out.build();
    }

    /** Istio's percentage (0-100, fractional) as parts per million; absent means 0%. */
    private static FractionalPercent percent(@Nullable Percent percentage, @Nullable Integer legacyPercent) {
        double value = percentage != null && percentage.getValue() != null ? percentage.getValue()
                : legacyPercent != null ? legacyPercent : 0.0;
        return FractionalPercent.newBuilder()
                .setNumerator((int) Math.round(value * 10_000))
                .setDenominator(FractionalPercent.DenominatorType.MILLION)
                .build();
    }

    /** gRPC status names as Istio accepts them; unknown names are UNKNOWN. */
    private static int grpcCode(String name) {
        return switch (name == null ? "" : name.toUpperCase(java.util.Locale.ROOT)) {
            case "OK" -> 0;
            case "CANCELLED" -> 1;
            case "INVALID_ARGUMENT" -> 3;
            case "DEADLINE_EXCEEDED" -> 4;
            case "NOT_FOUND" -> 5;
            case "ALREADY_EXISTS" -> 6;
            case "PERMISSION_DENIED" -> 7;
            case "RESOURCE_EXHAUSTED" -> 8;
            case "FAILED_PRECONDITION" -> 9;
            case "ABORTED" -> 10;
            case "OUT_OF_RANGE" -> 11;
            case "UNIMPLEMENTED" -> 12;
            case "INTERNAL" -> 13;
            case "UNAVAILABLE" -> 14;
            case "DATA_LOSS" -> 15;
            case "UNAUTHENTICATED" -> 16;
            default -> 2;
        };
    }
}
