/**
 * Analysis of a whole config set against the services and workloads of the mesh, as
 * {@code istioctl analyze} does: parse and validation errors, and analyzers that look across
 * resources (routes to subsets no DestinationRule defines, hosts no service serves, conflicting
 * VirtualServices, faults left on for all traffic, ...). The entry point is
 * {@link dev.sutra.api.analyze.Analysis}; each finding prints as {@code file:line: Level CODE message}.
 *
 * <p>Everything is non-null unless marked {@code @Nullable}.
 */
package dev.sutra.api.analyze;
