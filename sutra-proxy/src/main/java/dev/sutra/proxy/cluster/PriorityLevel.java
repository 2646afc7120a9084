package dev.sutra.proxy.cluster;

import java.util.List;

/**
 * The localities of one priority; a level no EDS entry names is present and empty, so levels are
 * indexed by priority.
 *
 * @param priority 0 the highest
 * @param localities in EDS order
 * @param endpoints all endpoints of the level, locality by locality
 */
public record PriorityLevel(int priority, List<LocalityEndpoints> localities,
        List<Endpoint> endpoints) {
    public PriorityLevel {
        localities = List.copyOf(localities);
        endpoints = List.copyOf(endpoints);
    }
}
