package dev.sutra.proxy.accesslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Envoy's command operators, as Istio's default format and users' own formats use them. */
class AccessLogFormatTest {

    private static AccessLogEntry entry(HttpHeaders request, HttpHeaders response) {
        return new AccessLogEntry(Instant.parse("2026-11-29T00:30:01.042Z").toEpochMilli(), "GET", "/reviews/0",
                "HTTP/1.1", 200, "-", "via_upstream", 0, 295, 4, "127.0.0.1:20111",
                "outbound|9080||reviews.default.svc.cluster.local", "default", "127.0.0.1:15001",
                "127.0.0.1:41234", request, response);
    }

    @Test
    void envoysDefaultFormatPrintsEveryFieldOrADash() {
        HttpHeaders request = new DefaultHttpHeaders().add("host", "reviews:9080").add("user-agent", "curl/8")
                .add("x-request-id", "2f1c");
        String line = AccessLogFormat.compile(AccessLogFormat.ENVOY_DEFAULT).format(entry(request, null));
        assertThat(line).isEqualTo("[2026-11-29T00:30:01.042Z] \"GET /reviews/0 HTTP/1.1\" 200 - 0 295 4 - \"-\" "
                + "\"curl/8\" \"2f1c\" \"reviews:9080\" \"127.0.0.1:20111\"\n");
    }

    @Test
    void headersWithAlternativesAndTruncationAndTheOtherOperators() {
        HttpHeaders request = new DefaultHttpHeaders().add("x-envoy-original-path", "/original/path");
        HttpHeaders response = new DefaultHttpHeaders().add("content-type", "application/json");
        AccessLogFormat format = AccessLogFormat.compile("%REQ(X-ENVOY-ORIGINAL-PATH?:PATH):9% %REQ(:PATH)% "
                + "%RESP(CONTENT-TYPE)% %RESP(:STATUS)% %UPSTREAM_CLUSTER_RAW% %ROUTE_NAME% %DOWNSTREAM_REMOTE_ADDRESS% "
                + "%DOWNSTREAM_LOCAL_ADDRESS% %RESPONSE_CODE_DETAILS% %UPSTREAM_TRANSPORT_FAILURE_REASON%");
        assertThat(format.format(entry(request, response))).isEqualTo("/original /reviews/0 application/json 200 "
                + "outbound|9080||reviews.default.svc.cluster.local default 127.0.0.1:41234 127.0.0.1:15001 "
                + "via_upstream -");
        // Without the original path the alternative is used; without a response, response fields are dashes.
        assertThat(AccessLogFormat.compile("%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %RESP(CONTENT-TYPE)%")
                .format(entry(new DefaultHttpHeaders(), null))).isEqualTo("/reviews/0 -");
    }

    @Test
    void aPercentSignThatOpensNoOperatorIsAnError() {
        assertThatThrownBy(() -> AccessLogFormat.compile("100% done")).hasMessageStartingWith(
                "unterminated command operator at offset 3");
    }

    @Test
    void anUnknownOrMalformedOperatorIsAnErrorNamingIt() {
        assertThatThrownBy(() -> AccessLogFormat.compile("%UPSTREAM_PEER_CERT% ok"))
                .hasMessage("unsupported command operator %UPSTREAM_PEER_CERT%");
        assertThatThrownBy(() -> AccessLogFormat.compile("%REQ()%")).hasMessage("command operator %REQ()% needs a header name");
        assertThatThrownBy(() -> AccessLogFormat.compile("%DURATION(x)%"))
                .hasMessage("command operator %DURATION(x)% takes no argument in Sutra");
        assertThatThrownBy(() -> AccessLogFormat.compile("%REQ(A):x%")).hasMessage("malformed command operator %REQ(A):x%");
    }
}
