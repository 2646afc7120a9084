package dev.sutra.api.validate;

import static dev.sutra.api.validate.Nulls.list;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sutra.api.config.FieldPath;
import io.fabric8.istio.api.api.security.v1beta1.ClaimToHeader;
import io.fabric8.istio.api.api.security.v1beta1.JWTHeader;
import io.fabric8.istio.api.api.security.v1beta1.JWTRule;
import io.fabric8.istio.api.api.security.v1beta1.RequestAuthentication;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * RequestAuthentication: the JWT issuers a workload accepts, where their keys come from and where
 * tokens are found in requests.
 */
final class RequestAuthenticationValidator implements KindValidator<RequestAuthentication> {

    static final RequestAuthenticationValidator INSTANCE = new RequestAuthenticationValidator();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STRICT_HEADER = Pattern.compile("[-_A-Za-z0-9]+");

    private RequestAuthenticationValidator() {
    }

    @Override
    public Class<RequestAuthentication> specType() {
        return RequestAuthentication.class;
    }

    @Override
    public void validate(RequestAuthentication ra, Checks checks) {
        FieldPath spec = FieldPath.of("spec");
        PolicyTargetRules.check(checks, spec, ra.getSelector(), ra.getTargetRef(), list(ra.getTargetRefs()));
        List<JWTRule> rules = list(ra.getJwtRules());
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i) != null) {
                checkRule(checks, spec.child("jwtRules").index(i), rules.get(i));
            }
        }
    }

    private static void checkRule(Checks checks, FieldPath path, JWTRule rule) {
        if (Nulls.isEmpty(rule.getIssuer()) && Nulls.isEmpty(rule.getJwksUri())) {
            checks.missing(path.child("issuer"), "the issuer whose tokens are accepted (or at least jwksUri)");
        }
        if (!Nulls.isEmpty(rule.getJwks()) && !Nulls.isEmpty(rule.getJwksUri())) {
            checks.conflict(path.child("jwks"), "jwksUri", "jwks or jwksUri, not both");
        }
        if (!Nulls.isEmpty(rule.getJwksUri())) {
            checkJwksUri(checks, path.child("jwksUri"), rule.getJwksUri());
        }
        if (!Nulls.isEmpty(rule.getJwks())) {
            checkJwks(checks, path.child("jwks"), rule.getJwks());
        }
        checkNonEmpty(checks, path.child("audiences"), list(rule.getAudiences()));
        checkNonEmpty(checks, path.child("fromParams"), list(rule.getFromParams()));
        checkNonEmpty(checks, path.child("fromCookies"), list(rule.getFromCookies()));
        List<JWTHeader> headers = list(rule.getFromHeaders());
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.get(i) == null ? "" : Nulls.string(headers.get(i).getName());
            if (name.isEmpty()) {
                checks.missing(path.child("fromHeaders").index(i).child("name"), "the header the token is in");
            } else if (!HeaderRules.isToken(name)) {
                checks.invalid(path.child("fromHeaders").index(i).child("name"), name, "a header name");
            }
        }
        List<ClaimToHeader> outputs = list(rule.getOutputClaimToHeaders());
        for (int i = 0; i < outputs.size(); i++) {
            FieldPath at = path.child("outputClaimToHeaders").index(i);
            ClaimToHeader output = outputs.get(i);
            if (output == null || Nulls.isEmpty(output.getClaim())) {
                checks.missing(at.child("claim"), "the claim to copy");
            }
            String header = output == null ? "" : Nulls.string(output.getHeader());
            if (!STRICT_HEADER.matcher(header).matches()) {
                checks.invalid(at.child("header"), header, "a header name of letters, digits, '-' and '_'");
            }
        }
        Durations.check(checks, path.child("timeout"), rule.getTimeout());
    }

    /** The proxy fetches keys from this URI, so it must be an absolute http(s) URL with a host. */
    private static void checkJwksUri(Checks checks, FieldPath path, String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || Nulls.isEmpty(uri.getHost())) {
                checks.invalid(path, value, "an http:// or https:// URL with a host");
            }
        } catch (URISyntaxException e) {
            checks.invalid(path, value, "a URL (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
    }

    /** Inline keys: a JSON Web Key Set (RFC 7517), or a single key. */
    private static void checkJwks(Checks checks, FieldPath path, String value) {
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            checks.error(path, "not JSON: " + e.getOriginalMessage() + " (expected: a JSON Web Key Set, {\"keys\": [...]})");
            return;
        }
        boolean set = node != null && node.path("keys").isArray();
        boolean single = node != null && node.path("kty").isTextual();
        if (!set && !single) {
            checks.error(path, "JSON without keys (expected: a JSON Web Key Set, {\"keys\": [...]})");
        }
    }

    private static void checkNonEmpty(Checks checks, FieldPath path, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            if (Nulls.isEmpty(values.get(i))) {
                checks.invalid(path.index(i), values.get(i), "a non-empty value");
            }
        }
    }
}
