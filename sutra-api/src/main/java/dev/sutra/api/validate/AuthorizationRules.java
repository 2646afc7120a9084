package dev.sutra.api.validate;

import dev.sutra.api.Nullable;
import dev.sutra.api.config.FieldPath;
import dev.sutra.api.config.Suggestions;
import io.fabric8.istio.api.api.security.v1beta1.Condition;
import io.fabric8.istio.api.api.security.v1beta1.Operation;
import io.fabric8.istio.api.api.security.v1beta1.Source;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The parts of AuthorizationPolicy rules: sources, operations and {@code when} conditions. */
final class AuthorizationRules {

    /** The condition keys Istio knows; keys with brackets take a name, like request.headers[x-user]. */
    private static final Set<String> PLAIN_KEYS = Set.of("source.ip", "remote.ip", "source.namespace",
            "source.serviceAccount", "source.principal", "source.trustDomain", "request.auth.principal",
            "request.auth.audiences", "request.auth.presenter", "destination.ip", "destination.port", "connection.sni");
    private static final List<String> KEYED_PREFIXES = List.of("request.headers", "request.auth.claims",
            "experimental.envoy.filters.");
    /** CUSTOM policies run before JWT and peer identities are looked at, so they cannot match on them. */
    private static final Set<String> CUSTOM_UNSUPPORTED_KEYS = Set.of("source.namespace", "source.serviceAccount",
            "source.trustDomain", "source.principal");

    private AuthorizationRules() {
    }

    static boolean hasTcpFields(Source s) {
        return !Nulls.isEmpty(s.getPrincipals()) || !Nulls.isEmpty(s.getNotPrincipals())
                || !Nulls.isEmpty(s.getNamespaces()) || !Nulls.isEmpty(s.getNotNamespaces())
                || !Nulls.isEmpty(s.getIpBlocks()) || !Nulls.isEmpty(s.getNotIpBlocks())
                || !Nulls.isEmpty(s.getRemoteIpBlocks()) || !Nulls.isEmpty(s.getNotRemoteIpBlocks())
                || !Nulls.isEmpty(s.getServiceAccounts()) || !Nulls.isEmpty(s.getNotServiceAccounts());
    }

    static void checkSource(Checks checks, FieldPath path, Source s, boolean custom) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put("principals", Nulls.list(s.getPrincipals()));
        fields.put("notPrincipals", Nulls.list(s.getNotPrincipals()));
        fields.put("requestPrincipals", Nulls.list(s.getRequestPrincipals()));
        fields.put("notRequestPrincipals", Nulls.list(s.getNotRequestPrincipals()));
        fields.put("namespaces", Nulls.list(s.getNamespaces()));
        fields.put("notNamespaces", Nulls.list(s.getNotNamespaces()));
        fields.put("serviceAccounts", Nulls.list(s.getServiceAccounts()));
        fields.put("notServiceAccounts", Nulls.list(s.getNotServiceAccounts()));
        fields.put("ipBlocks", Nulls.list(s.getIpBlocks()));
        fields.put("notIpBlocks", Nulls.list(s.getNotIpBlocks()));
        fields.put("remoteIpBlocks", Nulls.list(s.getRemoteIpBlocks()));
        fields.put("notRemoteIpBlocks", Nulls.list(s.getNotRemoteIpBlocks()));
        if (fields.values().stream().allMatch(List::isEmpty)) {
            checks.missing(path, "at least one of principals, requestPrincipals, namespaces, serviceAccounts, "
                    + "ipBlocks, remoteIpBlocks or their not- forms");
            return;
        }
        boolean accounts = !fields.get("serviceAccounts").isEmpty() || !fields.get("notServiceAccounts").isEmpty();
        if (accounts && (!fields.get("principals").isEmpty() || !fields.get("notPrincipals").isEmpty()
                || !fields.get("namespaces").isEmpty() || !fields.get("notNamespaces").isEmpty())) {
            checks.conflict(path.child(fields.get("serviceAccounts").isEmpty() ? "notServiceAccounts" : "serviceAccounts"),
                    "principals or namespaces", "serviceAccounts, or principals and namespaces, not both");
        }
        fields.forEach((field, values) -> {
            FieldPath at = path.child(field);
            if (custom && !values.isEmpty() && !field.toLowerCase(Locale.ROOT).contains("ipblocks")) {
                checks.error(at, "set in a CUSTOM policy (expected: only ipBlocks and remoteIpBlocks in sources; "
                        + "the external authorizer sees identities itself)");
            }
            for (int i = 0; i < values.size(); i++) {
                String v = values.get(i);
                if (v == null || v.isEmpty()) {
                    checks.invalid(at.index(i), v, "a non-empty value");
                } else if (field.toLowerCase(Locale.ROOT).contains("ipblocks") && !Addresses.isIpOrCidr(v)) {
                    checks.invalid(at.index(i), v, "an IP address or CIDR block, like 10.0.0.0/16");
                } else if (field.toLowerCase(Locale.ROOT).contains("serviceaccounts")) {
                    checkServiceAccount(checks, at.index(i), v);
                }
            }
        });
    }

    /** {@code account} or {@code namespace/account}, exactly. */
    private static void checkServiceAccount(Checks checks, FieldPath path, String value) {
        String[] parts = value.split("/", -1);
        if (value.contains("*") || parts.length > 2 || List.of(parts).contains("") || value.length() > 320) {
            checks.invalid(path, value, "a service account as name or namespace/name, without wildcards");
        }
    }

    static void checkOperation(Checks checks, FieldPath path, Operation op) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put("hosts", Nulls.list(op.getHosts()));
        fields.put("notHosts", Nulls.list(op.getNotHosts()));
        fields.put("ports", Nulls.list(op.getPorts()));
        fields.put("notPorts", Nulls.list(op.getNotPorts()));
        fields.put("methods", Nulls.list(op.getMethods()));
        fields.put("notMethods", Nulls.list(op.getNotMethods()));
        fields.put("paths", Nulls.list(op.getPaths()));
        fields.put("notPaths", Nulls.list(op.getNotPaths()));
        if (fields.values().stream().allMatch(List::isEmpty)) {
            checks.missing(path, "at least one of hosts, ports, methods, paths or their not- forms");
            return;
        }
        fields.forEach((field, values) -> {
            for (int i = 0; i < values.size(); i++) {
                FieldPath at = path.child(field).index(i);
                String v = values.get(i);
                if (v == null || v.isEmpty()) {
                    checks.invalid(at, v, "a non-empty value");
                } else if (field.toLowerCase(Locale.ROOT).contains("ports") && !isPort(v, 0)) {
                    checks.invalid(at, v, "a port number from 0 to 65535");
                } else if (field.toLowerCase(Locale.ROOT).contains("paths")) {
                    checkPathTemplate(checks, at, v);
                }
            }
        });
    }

    /**
     * Path templates: {@code {*}} matches one segment and {@code {**}} any number, so no template may
     * follow {@code {**}} (literal segments may); other braces are not allowed, and templated paths
     * need plain URL characters.
     */
    private static void checkPathTemplate(Checks checks, FieldPath path, String value) {
        boolean templated = value.contains("{*}") || value.contains("{**}");
        boolean rest = false;
        for (String segment : value.replaceAll("^/+|/+$", "").split("/", -1)) {
            if ((segment.equals("{*}") || segment.equals("{**}")) && !rest) {
                rest = segment.equals("{**}");
                continue;
            }
            if (segment.equals("{*}") || segment.equals("{**}")) {
                checks.invalid(path, value, "no path template after {**}, which matches the rest of the path");
                return;
            }
            if (segment.contains("{") || segment.contains("}")) {
                checks.invalid(path, value, "braces only as whole {*} or {**} segments");
                return;
            }
            if (templated && !segment.isEmpty() && !segment.matches("[a-zA-Z0-9\\-._~%!$&'()+,;:@=]+")) {
                checks.invalid(path, value, "plain URL characters in the segments of a path template");
                return;
            }
        }
    }

    static void checkCondition(Checks checks, FieldPath path, @Nullable Condition condition, boolean custom) {
        String key = condition == null ? "" : Nulls.string(condition.getKey());
        if (key.isEmpty()) {
            checks.missing(path.child("key"), "a condition key like request.headers[x-user] or source.ip");
            return;
        }
        List<String> values = Nulls.list(condition.getValues());
        List<String> notValues = Nulls.list(condition.getNotValues());
        if (values.isEmpty() && notValues.isEmpty()) {
            checks.missing(path.child("values"), "values or notValues for key " + key);
        }
        String keyProblem = keyProblem(key);
        if (keyProblem != null) {
            checks.invalid(path.child("key"), key, keyProblem);
            return;
        }
        if (custom && (CUSTOM_UNSUPPORTED_KEYS.contains(key) || key.startsWith("request.auth."))) {
            checks.invalid(path.child("key"), key, "a key other than source identities and request.auth.* in a CUSTOM policy");
        }
        for (String field : new String[] {"values", "notValues"}) {
            List<String> list = field.equals("values") ? values : notValues;
            for (int i = 0; i < list.size(); i++) {
                checkConditionValue(checks, path.child(field).index(i), key, list.get(i));
            }
        }
    }

    private static @Nullable String keyProblem(String key) {
        if (PLAIN_KEYS.contains(key)) {
            return null;
        }
        for (String prefix : KEYED_PREFIXES) {
            if (key.startsWith(prefix)) {
                int open = key.indexOf('[');
                return prefix.endsWith(".") || (open > 0 && key.endsWith("]") && open < key.length() - 2)
                        ? null : "a key with a name in brackets, like " + prefix + "[name]";
            }
        }
        if (key.equals("destination.namespace") || key.startsWith("destination.labels")) {
            return "a supported key; " + key + " is expressed by the policy's namespace and selector";
        }
        if (key.equals("destination.name") || key.equals("destination.user")) {
            return "a supported key; " + key + " existed only in the removed v1alpha1 API";
        }
        return "a known condition key" + Suggestions.didYouMean(key, PLAIN_KEYS).replace(" (did", "; did").replace("?)", "?");
    }

    private static void checkConditionValue(Checks checks, FieldPath path, String key, @Nullable String value) {
        if (value == null || value.isEmpty()) {
            checks.invalid(path, value, "a non-empty value");
            return;
        }
        switch (key) {
            case "source.ip", "remote.ip", "destination.ip" -> {
                if (!Addresses.isIpOrCidr(value)) {
                    checks.invalid(path, value, "an IP address or CIDR block");
                }
            }
            case "destination.port" -> {
                if (!isPort(value, 0)) {
                    checks.invalid(path, value, "a port number from 0 to 65535");
                }
            }
            case "source.serviceAccount" -> checkServiceAccount(checks, path, value);
            default -> {
            }
        }
    }

    private static boolean isPort(String value, int min) {
        if (value.isEmpty() || value.length() > 5 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        int n = Integer.parseInt(value);
        return n >= min && n <= 65535;
    }
}
