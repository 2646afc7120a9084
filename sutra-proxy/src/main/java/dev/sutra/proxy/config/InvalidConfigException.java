package dev.sutra.proxy.config;

import static java.util.Objects.requireNonNull;

/**
 * An xDS resource the proxy cannot honour. The message names the resource and the field path, e.g.
 * {@code RouteConfiguration "http_proxy": virtual_hosts[2].routes[0].match: unsupported path
 * specifier path_match_policy}; the xDS client sends it verbatim as the NACK's error detail, so it
 * must let an operator find the offending field without reading proxy code.
 */
public final class InvalidConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String resourceType;
    private final String resourceName;
    private final String fieldPath;
    private final String reason;

    /**
     * @param resourceType the xDS message type, e.g. {@code RouteConfiguration}
     * @param resourceName the resource's name as the control plane sent it
     * @param fieldPath where in the resource, e.g. {@code virtual_hosts[2].domains[0]}; empty for
     *     the resource as a whole
     * @param reason what is wrong, e.g. {@code unsupported path specifier path_match_policy}
     */
    public InvalidConfigException(String resourceType, String resourceName, String fieldPath,
            String reason) {
        super(format(resourceType, resourceName, fieldPath, reason));
        this.resourceType = requireNonNull(resourceType, "resourceType");
        this.resourceName = requireNonNull(resourceName, "resourceName");
        this.fieldPath = requireNonNull(fieldPath, "fieldPath");
        this.reason = requireNonNull(reason, "reason");
    }

    private static String format(String type, String name, String path, String reason) {
        StringBuilder b = new StringBuilder(type).append(" \"").append(name).append("\": ");
        if (!path.isEmpty()) {
            b.append(path).append(": ");
        }
        return b.append(reason).toString();
    }

    /** The xDS message type, e.g. {@code ClusterLoadAssignment}. */
    public String resourceType() {
        return resourceType;
    }

    /** The resource's name. */
    public String resourceName() {
        return resourceName;
    }

    /** The field path inside the resource; empty for the resource as a whole. */
    public String fieldPath() {
        return fieldPath;
    }

    /** The reason alone, without resource and path. */
    public String reason() {
        return reason;
    }
}
