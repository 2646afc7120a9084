package dev.sutra.api.mesh;

/** How a service's endpoints are found, as in Istio's ServiceEntry. */
public enum Resolution {
    /** Endpoints are listed (ServiceEntry endpoints, WorkloadEntries, registered proxies). */
    STATIC,
    /** Hostnames resolved by DNS; all addresses are endpoints. */
    DNS,
    /** Hostnames resolved by DNS; one address is used at a time. */
    DNS_ROUND_ROBIN,
    /** Traffic passes to the address the client asked for. */
    NONE
}
