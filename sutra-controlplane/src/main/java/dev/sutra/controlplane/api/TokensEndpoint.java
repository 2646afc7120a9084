package dev.sutra.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sutra.api.OperatorDurations;
import dev.sutra.ca.SpiffeId;
import dev.sutra.ca.join.InvalidJoinTokenException;
import dev.sutra.ca.join.JoinToken;
import dev.sutra.controlplane.ca.MeshCa;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/tokens}: issues a join token, the credential a new proxy exchanges for its
 * first certificate. Body {@code {"namespace": "default", "serviceAccount": "reviews", "ttl": "24h"}}
 * ({@code ttl} optional, 24 h by default; {@code 90s}, {@code 30m}, {@code 24h}, {@code 7d} or
 * ISO-8601). Answers {@code {"token", "id", "identity", "expiresAt", "rootPin"}}. A mutation: from
 * other hosts it needs the admin token, like config changes.
 */
final class TokensEndpoint {

    static final String PATH = "/api/v1/tokens";
    static final Duration DEFAULT_TTL = Duration.ofHours(24);
    private static final int MAX_BODY = 64 * 1024;

    private static final Logger log = LoggerFactory.getLogger(TokensEndpoint.class);

    private final MeshCa ca;

    TokensEndpoint(MeshCa ca) {
        this.ca = ca;
    }

    void handle(Exchange ex) throws IOException {
        if (!ex.method().equals("POST")) {
            ex.error(405, ex.method() + " " + PATH + " is not served (expected: POST with {\"namespace\", "
                    + "\"serviceAccount\", \"ttl\"})");
            return;
        }
        JsonNode body;
        try {
            body = Exchange.JSON.readTree(ex.body(MAX_BODY));
        } catch (Exchange.BodyTooLarge e) {
            ex.error(413, e.getMessage());
            return;
        } catch (IOException e) {
            ex.error(400, "body is not JSON: " + e.getMessage());
            return;
        }
        String namespace = body == null ? "" : body.path("namespace").asText("");
        String serviceAccount = body == null ? "" : body.path("serviceAccount").asText("");
        if (namespace.isEmpty() || serviceAccount.isEmpty()) {
            ex.error(400, "body needs \"namespace\" and \"serviceAccount\" (got namespace=\"" + namespace
                    + "\", serviceAccount=\"" + serviceAccount + "\")");
            return;
        }
        Duration ttl;
        SpiffeId identity;
        try {
            ttl = body.hasNonNull("ttl") ? ttl(body.get("ttl").asText()) : DEFAULT_TTL;
            identity = ca.identity(namespace, serviceAccount);
        } catch (IllegalArgumentException e) {
            ex.error(400, e.getMessage());
            return;
        }
        String token = ca.issueToken(identity, ttl);
        JoinToken claims;
        try {
            claims = JoinToken.readUnverified(token);
        } catch (InvalidJoinTokenException e) {
            throw new IllegalStateException("a token just issued does not parse", e);
        }
        log.info("issued join token {} for {}, valid until {}", claims.id(), identity, claims.expiresAt());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("token", token);
        out.put("id", claims.id());
        out.put("identity", identity.uri());
        out.put("expiresAt", claims.expiresAt());
        out.put("rootPin", claims.rootPin().value());
        ex.json(200, out);
    }

    private static Duration ttl(String text) {
        try {
            return OperatorDurations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ttl " + e.getMessage(), e);
        }
    }
}
