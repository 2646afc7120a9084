package dev.sutra.bench.scale;

import java.util.List;

/**
 * What one run of the scale simulation measured.
 *
 * @param services services in the mesh
 * @param proxies simulated sidecars
 * @param initialMillis from opening the streams until every proxy had ACKed every type of its
 *     settled config (the last ACK before the control plane went quiet)
 * @param firstCompleteMillis until every proxy had ACKed each type at least once
 * @param initialBytes DiscoveryResponse bytes the fleet received until settled
 * @param initialResponses responses the fleet received until settled
 * @param endpointChange apply of a WorkloadEntry of one service until every proxy ACKed new EDS, ms
 * @param routeChange apply of a VirtualService of one service until every proxy ACKed new RDS, ms
 * @param applyMillis how long the API's apply call itself took, ms
 * @param changePushMillis the control plane's own push time (recompute and answer) per change, ms
 * @param heapConfigOnly control plane heap after GC with config loaded and no proxy, bytes
 * @param heapConnected heap after GC with every proxy connected and settled, bytes
 * @param rssConnected the control plane's resident memory then, bytes
 */
record ScalePoint(int services, int proxies, double initialMillis, double firstCompleteMillis, long initialBytes,
        long initialResponses, List<Double> endpointChange, List<Double> routeChange, List<Double> applyMillis,
        List<Double> changePushMillis, long heapConfigOnly, long heapConnected, long rssConnected) {
}
