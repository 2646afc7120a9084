package dev.sutra.api.validate;

import dev.sutra.api.Nullable;
import dev.sutra.api.config.FieldPath;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPMatchRequest;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatch;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchRegex;

/** The conditions of an HTTP route: headers, URI, scheme, method, authority, query, port and source. */
final class HttpMatchRules {

    private HttpMatchRules() {
    }

    static void check(Checks checks, FieldPath path, @Nullable HTTPMatchRequest match) {
        if (match == null) {
            return;
        }
        Nulls.map(match.getHeaders()).forEach((name, value) -> {
            HeaderRules.checkMatchName(checks, path.child("headers").child(name), name);
            StringMatchRules.check(checks, path.child("headers").child(name), value, false);
        });
        Nulls.map(match.getWithoutHeaders()).forEach((name, value) -> {
            HeaderRules.checkMatchName(checks, path.child("withoutHeaders").child(name), name);
            // Istio reads regex "*" here as "the header is present", not as a regex.
            if (!isPresenceWildcard(value)) {
                StringMatchRules.check(checks, path.child("withoutHeaders").child(name), value, false);
            }
        });
        StringMatchRules.check(checks, path.child("uri"), match.getUri(), true);
        StringMatchRules.check(checks, path.child("scheme"), match.getScheme(), false);
        StringMatchRules.check(checks, path.child("method"), match.getMethod(), false);
        StringMatchRules.check(checks, path.child("authority"), match.getAuthority(), false);
        Nulls.map(match.getQueryParams()).forEach((name, value) ->
                StringMatchRules.check(checks, path.child("queryParams").child(name), value, false));
        if (match.getPort() != null && match.getPort() != 0) {
            Addresses.checkPort(checks, path.child("port"), match.getPort());
        }
        LabelRules.check(checks, path.child("sourceLabels"), Nulls.map(match.getSourceLabels()));
        var gateways = Nulls.list(match.getGateways());
        for (int i = 0; i < gateways.size(); i++) {
            GatewayNames.check(checks, path.child("gateways").index(i), gateways.get(i));
        }
        String sourceNamespace = match.getSourceNamespace();
        if (!Nulls.isEmpty(sourceNamespace) && !HostRules.isDnsLabel(sourceNamespace)) {
            checks.invalid(path.child("sourceNamespace"), sourceNamespace, "a namespace name");
        }
    }

    private static boolean isPresenceWildcard(@Nullable StringMatch match) {
        return match != null && match.getMatchType() instanceof StringMatchRegex r && "*".equals(r.getRegex());
    }
}
