package dev.sutra.controlplane.xds;

import dev.sutra.xds.node.ProxyNode;
import java.time.Instant;
import java.util.List;

/** A proxy's sync state, what {@code sutra proxy-status} shows. */
public record ProxyStatus(ProxyNode node, Instant connectedAt, boolean connected, List<TypeStatus> types) {

    public ProxyStatus {
        types = List.copyOf(types);
    }
}
