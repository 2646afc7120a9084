package dev.sutra.proxy.router;

/**
 * Forward to one cluster.
 *
 * @param cluster the cluster's name
 * @param forwarding timeouts, retries and rewrites
 */
public record ClusterAction(String cluster, Forwarding forwarding) implements RouteAction {
}
