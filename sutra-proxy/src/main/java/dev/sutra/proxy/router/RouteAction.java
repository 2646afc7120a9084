package dev.sutra.proxy.router;

/**
 * What to do with a matched request; switch over it exhaustively. Forwarding actions carry their
 * {@link Forwarding} settings; the others answer locally.
 */
public sealed interface RouteAction
        permits ClusterAction, WeightedClustersAction, DirectResponseAction, RedirectAction {
}
