package dev.sutra.api.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sutra.api.config.ConfigParser;
import dev.sutra.api.config.ParseResult;
import org.junit.jupiter.api.Test;

class ConfigValidatorTest {

    private final ConfigParser parser = new ConfigParser();

    @Test
    void batchReportsAResourceDefinedTwiceBesidesEachResourcesErrors() {
        ParseResult parsed = parser.parse("rules.yaml", """
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: reviews, namespace: bookinfo}
                spec:
                  host: reviews
                ---
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: reviews, namespace: bookinfo}
                spec:
                  host: reviews_v2
                """);
        assertThat(new ConfigValidator().validate(parsed.resources())).extracting(Object::toString).containsExactly(
                "rules.yaml:7:1: DestinationRule bookinfo/reviews: defined twice: also at rules.yaml:1:1",
                "rules.yaml:11:3: DestinationRule bookinfo/reviews: spec.host: \"reviews_v2\" has an invalid first label "
                        + "\"reviews_v2\" (expected: " + HostRules.EXPECTED_HOST + ")");
    }

    @Test
    void warningsAreKeptApartFromErrors() {
        ParseResult parsed = parser.parse("vs.yaml", """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: ratings, namespace: bookinfo}
                spec:
                  hosts: [ratings]
                  http:
                  - fault:
                      abort: {percentage: {value: 1}}
                    route:
                    - destination: {host: ratings}
                """);
        Validation v = new ConfigValidator().check(parsed.resources().get(0));
        assertThat(v.ok()).isTrue();
        assertThat(v.errors()).isEmpty();
        assertThat(v.warnings()).extracting(Object::toString).containsExactly("vs.yaml:8:7: VirtualService "
                + "bookinfo/ratings: spec.http[0].fault.abort: no httpStatus or grpcStatus (expected: one of them; "
                + "without a status the abort is dropped and injects nothing)");
    }
}
