/**
 * Istio's Telemetry API as it reaches the proxies: which workloads log their requests, where and
 * in what format.
 *
 * <p>Non-null unless marked {@code @Nullable}.
 */
package dev.sutra.xds.telemetry;
