package dev.sutra.proxy.router;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.sutra.proxy.config.InvalidConfigException;
import dev.sutra.proxy.config.Nullable;
import io.envoyproxy.envoy.config.route.v3.FilterConfig;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.HTTPFault;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import java.time.Duration;

/**
 * A route's fault injection, compiled from the fault filter's per-route config
 * ({@code envoy.filters.http.fault}, an {@code HTTPFault}). As in Envoy, each fault is drawn on its
 * own for every request; a delay comes first, then the abort, and the route's timeout starts only
 * once the delay is over.
 *
 * @param delay the delay to inject, or null
 * @param abort the abort to inject, or null
 */
public record FaultPolicy(@Nullable Delay delay, @Nullable Abort abort) {

    /** The filter's name, the key of its per-route config. */
    public static final String FILTER = "envoy.filters.http.fault";
    /** The body of an aborted request's reply, Envoy's words. */
    public static final String ABORT_BODY = "fault filter abort";

    private static final int MILLION = 1_000_000;

    /** Holds a request for {@code duration}, for {@code perMillion} requests in a million. */
    public record Delay(Duration duration, int perMillion) {
    }

    /**
     * Answers a request itself, for {@code perMillion} requests in a million: with {@code httpStatus},
     * or for gRPC with {@code grpcStatus} when that is set (not -1).
     */
    public record Abort(int httpStatus, int grpcStatus, int perMillion) {

        /** Whether the abort names a gRPC status rather than an HTTP one. */
        public boolean grpc() {
            return grpcStatus >= 0;
        }
    }

    /** Whether this request is delayed, drawn from {@code random} as Envoy draws a fractional percent. */
    public boolean delays(long random) {
        return delay != null && drawn(random, delay.perMillion());
    }

    /** Whether this request is aborted; draw it with a fresh random value, not the delay's. */
    public boolean aborts(long random) {
        return abort != null && drawn(random, abort.perMillion());
    }

    private static boolean drawn(long random, int perMillion) {
        return Long.remainderUnsigned(random, MILLION) < perMillion;
    }

    /**
     * The fault policy of a route's per-filter config, or null when it has none (or disables it).
     * Fields Sutra's proxy would not honour are rejected by name.
     */
    static @Nullable FaultPolicy compile(@Nullable Any config, String path, CompileContext ctx)
            throws InvalidConfigException {
        if (config == null) {
            return null;
        }
        HTTPFault fault;
        try {
            if (config.is(FilterConfig.class)) {
                FilterConfig wrapper = config.unpack(FilterConfig.class);
                if (wrapper.getDisabled()) {
                    return null;
                }
                path = path + ".config";
                config = wrapper.getConfig();
            }
            if (!config.is(HTTPFault.class)) {
                throw ctx.error(path, "type " + config.getTypeUrl() + " (expected: "
                        + HTTPFault.getDescriptor().getFullName() + ")");
            }
            fault = config.unpack(HTTPFault.class);
        } catch (InvalidProtocolBufferException e) {
            throw ctx.error(path, "does not parse: " + e.getMessage());
        }
        reject(!fault.getUpstreamCluster().isEmpty(), path + ".upstream_cluster", ctx);
        reject(fault.getHeadersCount() > 0, path + ".headers", ctx);
        reject(fault.getDownstreamNodesCount() > 0, path + ".downstream_nodes", ctx);
        reject(fault.hasMaxActiveFaults(), path + ".max_active_faults", ctx);
        reject(fault.hasResponseRateLimit(), path + ".response_rate_limit", ctx);
        Delay delay = null;
        if (fault.hasDelay()) {
            var d = fault.getDelay();
            String p = path + ".delay";
            if (!d.hasFixedDelay()) {
                throw ctx.error(p + (d.hasHeaderDelay() ? ".header_delay" : ".fixed_delay"),
                        d.hasHeaderDelay() ? "not supported" : "is required");
            }
            Duration fixed = ctx.millis(d.getFixedDelay(), p + ".fixed_delay");
            if (fixed.isZero()) {
                throw ctx.error(p + ".fixed_delay", "must be greater than 0");
            }
            delay = new Delay(fixed, perMillion(d.getPercentage(), p + ".percentage", ctx));
        }
        Abort abort = null;
        if (fault.hasAbort()) {
            var a = fault.getAbort();
            String p = path + ".abort";
            int percent = perMillion(a.getPercentage(), p + ".percentage", ctx);
            abort = switch (a.getErrorTypeCase()) {
                case HTTP_STATUS -> {
                    if (a.getHttpStatus() < 200 || a.getHttpStatus() >= 600) {
                        throw ctx.error(p + ".http_status", "must be in [200, 600): " + a.getHttpStatus());
                    }
                    yield new Abort(a.getHttpStatus(), -1, percent);
                }
                case GRPC_STATUS -> new Abort(200, a.getGrpcStatus(), percent);
                case HEADER_ABORT -> throw ctx.error(p + ".header_abort", "not supported");
                case ERRORTYPE_NOT_SET -> throw ctx.error(p, "one of http_status or grpc_status is required");
            };
        }
        return delay == null && abort == null ? null : new FaultPolicy(delay, abort);
    }

    /** Envoy's fractional percent in parts per million; a missing percentage is Envoy's default, 0. */
    private static int perMillion(FractionalPercent percent, String path, CompileContext ctx)
            throws InvalidConfigException {
        long scale = switch (percent.getDenominator()) {
            case HUNDRED -> 10_000;
            case TEN_THOUSAND -> 100;
            case MILLION -> 1;
            case UNRECOGNIZED -> throw ctx.error(path + ".denominator", "unknown denominator");
        };
        return (int) Math.min(MILLION, Integer.toUnsignedLong(percent.getNumerator()) * scale);
    }

    private static void reject(boolean set, String path, CompileContext ctx) throws InvalidConfigException {
        if (set) {
            throw ctx.error(path, "not supported");
        }
    }
}
