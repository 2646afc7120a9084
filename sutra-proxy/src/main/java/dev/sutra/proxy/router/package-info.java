/**
 * HTTP routing as Envoy's router does it, compiled once from an xDS {@code RouteConfiguration}.
 *
 * <p>{@link dev.sutra.proxy.router.RouteTable#compile} validates the resource and builds an
 * immutable table: domains indexed for Envoy's virtual-host search order, regular expressions
 * compiled with RE2 (re2j), matchers and header mutations pre-built. Per request,
 * {@link dev.sutra.proxy.router.RouteTable#route} only reads that table through a
 * {@link dev.sutra.proxy.router.RequestView}; it allocates nothing on the common paths and never
 * logs. Tables are safe to share between event loops.
 */
package dev.sutra.proxy.router;
