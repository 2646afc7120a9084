/**
 * Upstream endpoints and load balancing, as Envoy does them.
 *
 * <p>{@link dev.sutra.proxy.cluster.EndpointSet#compile} turns a {@code ClusterLoadAssignment}
 * into immutable priorities, localities and endpoints; {@link dev.sutra.proxy.cluster.LbConfig}
 * holds what a {@code Cluster} says about balancing. A
 * {@link dev.sutra.proxy.cluster.LoadBalancer} combines both for one event loop: it is
 * single-threaded by design (no locks, no atomics), so create one per event loop and only call it
 * from that loop. Picks allocate nothing.
 */
package dev.sutra.proxy.cluster;
