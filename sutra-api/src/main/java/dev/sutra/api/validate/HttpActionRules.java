package dev.sutra.api.validate;

import dev.sutra.api.Nullable;
import dev.sutra.api.config.FieldPath;
import io.fabric8.istio.api.api.networking.v1alpha3.CorsPolicy;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPBodyBytes;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPBodyString;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPDirectResponse;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPMatchRequest;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRedirect;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRedirectPort;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRewrite;
import io.fabric8.istio.api.api.networking.v1alpha3.Headers;
import io.fabric8.istio.api.api.networking.v1alpha3.RegexRewrite;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatch;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What an HTTP route does besides forwarding: redirects, rewrites, direct responses and CORS. */
final class HttpActionRules {

    /** Istio keeps direct response bodies in the route table pushed to every proxy, so it caps them. */
    private static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final Set<String> CORS_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE", "*");

    private HttpActionRules() {
    }

    static void checkRedirect(Checks checks, FieldPath path, @Nullable HTTPRedirect redirect,
            List<HTTPMatchRequest> matches) {
        if (redirect == null) {
            return;
        }
        if (Nulls.isEmpty(redirect.getUri()) && Nulls.isEmpty(redirect.getAuthority()) && Nulls.isEmpty(redirect.getScheme())
                && redirect.getRedirectPort() == null) {
            checks.missing(path, "at least one of uri, authority, scheme, port or derivePort");
        }
        Long code = redirect.getRedirectCode();
        if (code != null && code != 0 && (code < 300 || code > 399)) {
            checks.invalid(path.child("redirectCode"), code, "a 3xx status, like 301 or 308");
        }
        String scheme = redirect.getScheme();
        if (!Nulls.isEmpty(scheme) && !scheme.equals("http") && !scheme.equals("https")) {
            checks.invalid(path.child("scheme"), scheme, "http or https");
        }
        if (redirect.getRedirectPort() instanceof HTTPRedirectPort port && port.getPort() != null && port.getPort() > 0) {
            Addresses.checkPort(checks, path.child("port"), port.getPort());
        }
    }

    static void checkRewrite(Checks checks, FieldPath path, @Nullable HTTPRewrite rewrite, @Nullable Headers headers) {
        String authority = rewrite == null ? "" : Nulls.string(rewrite.getAuthority());
        if (rewrite != null) {
            RegexRewrite regex = rewrite.getUriRegexRewrite();
            if (!Nulls.isEmpty(rewrite.getUri()) && regex != null) {
                checks.conflict(path.child("uriRegexRewrite"), "uri", "uri or uriRegexRewrite, not both");
            }
            if (Nulls.isEmpty(rewrite.getUri()) && regex == null && authority.isEmpty()) {
                checks.missing(path, "at least one of uri, uriRegexRewrite or authority");
            }
            if (regex != null) {
                if (Nulls.isEmpty(regex.getMatch()) || Nulls.isEmpty(regex.getRewrite())) {
                    checks.missing(path.child("uriRegexRewrite").child(Nulls.isEmpty(regex.getMatch()) ? "match" : "rewrite"),
                            "both match and rewrite");
                } else {
                    StringMatchRules.checkRegex(checks, path.child("uriRegexRewrite").child("match"), regex.getMatch());
                }
            }
        }
        // The authority may be rewritten in one place only: rewrite.authority or one header operation.
        if (headers == null || headers.getRequest() == null) {
            return;
        }
        for (String field : new String[] {"set", "add"}) {
            Map<String, String> ops = Nulls.map(field.equals("set") ? headers.getRequest().getSet() : headers.getRequest().getAdd());
            for (var entry : ops.entrySet()) {
                if (!HeaderRules.isAuthority(entry.getKey())) {
                    continue;
                }
                if (!authority.isEmpty()) {
                    checks.error(path.parent().child("headers").child("request").child(field)
                            .child(entry.getKey()), "sets the authority to " + Checks.show(entry.getValue())
                            + " while it is already set to " + Checks.show(authority)
                            + " (expected: the authority rewritten in one place)");
                }
                authority = entry.getValue();
            }
        }
    }

    static void checkDirectResponse(Checks checks, FieldPath path, @Nullable HTTPDirectResponse response) {
        if (response == null) {
            return;
        }
        Long status = response.getStatus();
        if (status == null || status < 200 || status > 599) {
            checks.invalid(path.child("status"), status, "an HTTP status from 200 to 599");
        }
        if (response.getBody() == null) {
            return;
        }
        long size = switch (response.getBody().getSpecifier()) {
            case HTTPBodyString s -> Nulls.string(s.getString()).getBytes(StandardCharsets.UTF_8).length;
            // Base64 in YAML: three bytes for every four characters.
            case HTTPBodyBytes b -> Nulls.string(b.getBytes()).length() * 3L / 4;
            case null, default -> 0;
        };
        if (size > MAX_BODY_BYTES) {
            checks.error(path.child("body"), "a body of " + size + " bytes (expected: at most 1 MiB)");
        }
    }

    static void checkCors(Checks checks, FieldPath path, @Nullable CorsPolicy cors) {
        if (cors == null) {
            return;
        }
        List<StringMatch> origins = Nulls.list(cors.getAllowOrigins());
        for (int i = 0; i < origins.size(); i++) {
            FieldPath at = path.child("allowOrigins").index(i);
            StringMatch origin = origins.get(i);
            if (origin == null || Nulls.isEmpty(StringMatchRules.value(origin))) {
                checks.missing(at, "an exact, prefix or regex origin");
            } else {
                StringMatchRules.check(checks, at, origin, false);
            }
        }
        List<String> methods = Nulls.list(cors.getAllowMethods());
        for (int i = 0; i < methods.size(); i++) {
            if (!CORS_METHODS.contains(methods.get(i))) {
                checks.invalid(path.child("allowMethods").index(i), methods.get(i),
                        "an HTTP method in upper case: GET, HEAD, POST, PUT, PATCH, DELETE, CONNECT, OPTIONS, TRACE or *");
            }
        }
        for (String field : new String[] {"allowHeaders", "exposeHeaders"}) {
            List<String> names = Nulls.list(field.equals("allowHeaders") ? cors.getAllowHeaders() : cors.getExposeHeaders());
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                if (!name.equals("*") && !HeaderRules.isToken(name)) {
                    checks.invalid(path.child(field).index(i), name, "a header name or *");
                }
            }
        }
        Durations.checkSeconds(checks, path.child("maxAge"), cors.getMaxAge());
    }
}
