package dev.sutra.api.validate;

import dev.sutra.api.Nullable;
import dev.sutra.api.config.FieldPath;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPFaultInjection;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPFaultInjectionAbort;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPFaultInjectionAbortGrpcStatus;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPFaultInjectionAbortHttpStatus;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPFaultInjectionDelay;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPFaultInjectionDelayExponentialDelay;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPFaultInjectionDelayFixedDelay;
import io.fabric8.istio.api.api.networking.v1alpha3.Percent;
import java.util.Set;

/** Fault injection: delays and aborts, and the share of requests they apply to. */
final class FaultRules {

    /** gRPC status names, as in grpc/doc/statuscodes.md. */
    static final Set<String> GRPC_STATUSES = Set.of("OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT",
            "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED",
            "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE",
            "DATA_LOSS", "UNAUTHENTICATED");

    private FaultRules() {
    }

    static void check(Checks checks, FieldPath path, @Nullable HTTPFaultInjection fault) {
        if (fault == null) {
            return;
        }
        if (fault.getAbort() == null && fault.getDelay() == null) {
            checks.missing(path, "abort, delay or both");
        }
        checkAbort(checks, path.child("abort"), fault.getAbort());
        checkDelay(checks, path.child("delay"), fault.getDelay());
    }

    private static void checkAbort(Checks checks, FieldPath path, @Nullable HTTPFaultInjectionAbort abort) {
        if (abort == null) {
            return;
        }
        checkPercentage(checks, path.child("percentage"), abort.getPercentage());
        switch (abort.getErrorType()) {
            case HTTPFaultInjectionAbortHttpStatus h -> {
                Integer status = h.getHttpStatus();
                if (status == null || status < 200 || status > 599) {
                    checks.invalid(path.child("httpStatus"), status, "an HTTP status from 200 to 599");
                }
            }
            case HTTPFaultInjectionAbortGrpcStatus g -> {
                if (!GRPC_STATUSES.contains(Nulls.string(g.getGrpcStatus()))) {
                    checks.invalid(path.child("grpcStatus"), g.getGrpcStatus(),
                            "a gRPC status name like UNAVAILABLE or NOT_FOUND");
                }
            }
            case null, default -> checks.warn(path, "no httpStatus or grpcStatus "
                    + "(expected: one of them; without a status the abort is dropped and injects nothing)");
        }
    }

    private static void checkDelay(Checks checks, FieldPath path, @Nullable HTTPFaultInjectionDelay delay) {
        if (delay == null) {
            return;
        }
        checkPercentage(checks, path.child("percentage"), delay.getPercentage());
        Integer percent = delay.getPercent();
        if (percent != null && (percent < 0 || percent > 100)) {
            checks.invalid(path.child("percent"), percent, "0 to 100");
        }
        switch (delay.getHttpDelayType()) {
            case HTTPFaultInjectionDelayFixedDelay f -> Durations.check(checks, path.child("fixedDelay"), f.getFixedDelay());
            case HTTPFaultInjectionDelayExponentialDelay e -> checks.invalid(path.child("exponentialDelay"),
                    e.getExponentialDelay(), "fixedDelay; Istio does not support exponential delays");
            case null, default -> checks.missing(path.child("fixedDelay"), "how long to delay, like 5s");
        }
    }

    /** Envoy counts faults in millionths, so a share is 0 or at least 0.0001 percent. */
    private static void checkPercentage(Checks checks, FieldPath path, @Nullable Percent percentage) {
        if (percentage == null || percentage.getValue() == null) {
            return;
        }
        double v = percentage.getValue();
        if (v < 0 || v > 100 || (v > 0 && v < 0.0001)) {
            checks.invalid(path.child("value"), v, "0, or 0.0001 to 100");
        }
    }
}
