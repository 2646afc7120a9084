package dev.sutra.api.analyze;

import dev.sutra.api.analyze.Finding.Level;

/**
 * The kinds of findings, each with a stable code and level. {@code IST} codes are Istio's, used where
 * Istio's analyzer checks the same thing (see istio/istio {@code pkg/config/analysis/msg/messages.yaml});
 * {@code SUT} codes are Sutra's own.
 */
public enum FindingType {
    /** A route names a host no service serves, or a subset no DestinationRule defines. */
    REFERENCED_RESOURCE_NOT_FOUND("IST0101", Level.ERROR),
    /** The config does not parse or does not validate. */
    SCHEMA_VALIDATION_ERROR("IST0106", Level.ERROR),
    /** Several VirtualServices bound to the mesh define one host; sidecars use only one. */
    CONFLICTING_MESH_GATEWAY_VIRTUAL_SERVICE_HOSTS("IST0109", Level.ERROR),
    /** Validation accepts the config but it is likely wrong. */
    SCHEMA_WARNING("IST0133", Level.WARNING),
    /** A DestinationRule subset selects no workload of its service. */
    DESTINATION_RULE_SUBSET_NOT_SELECT_PODS("IST0173", Level.ERROR),
    /** A DestinationRule's host matches no service. */
    UNKNOWN_DESTINATION_RULE_HOST("IST0174", Level.WARNING),
    /** A fault applies to most of a route's traffic, not to a header-selected few. */
    FAULT_ON_MOST_TRAFFIC("SUT0101", Level.ERROR),
    /** A fault applies to no request, because its share is missing. */
    FAULT_INJECTS_NOTHING("SUT0102", Level.WARNING),
    /** A mesh VirtualService's host matches no service, so its routes apply to no traffic. */
    VIRTUAL_SERVICE_HOST_NOT_FOUND("SUT0103", Level.WARNING),
    /** Route weights do not add up to 100, so the actual shares differ from the numbers written. */
    WEIGHTS_NOT_PERCENTAGES("SUT0104", Level.INFO),
    /** A STATIC ServiceEntry has neither endpoints nor a workload selector, so it has no endpoints. */
    STATIC_SERVICE_ENTRY_WITHOUT_ENDPOINTS("SUT0105", Level.WARNING);

    private final String code;
    private final Level level;

    FindingType(String code, Level level) {
        this.code = code;
        this.level = level;
    }

    public String code() {
        return code;
    }

    public Level level() {
        return level;
    }
}
