package dev.sutra.api.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sutra.api.validate.Fixture.Case;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TelemetryValidatorTest {

    private static final Fixture TELEMETRY = Fixture.of("telemetry.istio.io/v1", "Telemetry");

    static Stream<Case> cases() {
        return Stream.of(
                Case.of("access logs, sampled tracing and a metric override are valid", """
                        accessLogging:
                        - providers: [{name: envoy}]
                        tracing:
                        - providers: [{name: otel}]
                          randomSamplingPercentage: 10
                          customTags:
                            cluster: {literal: {value: eu-1}}
                        metrics:
                        - providers: [{name: prometheus}]
                          overrides:
                          - match: {metric: REQUEST_COUNT}
                            tagOverrides:
                              request_protocol: {operation: REMOVE}
                        """),
                Case.of("provider without a name and sampling above 100", """
                        tracing:
                        - providers: [{}]
                          randomSamplingPercentage: 150
                        """,
                        "6:17 spec.tracing[0].providers[0].name: missing (expected: the name of an extension provider of "
                                + "the mesh config)",
                        "7:5 spec.tracing[0].randomSamplingPercentage: 150 (expected: 0 to 100)"),
                Case.of("tag overrides that contradict their operation", """
                        metrics:
                        - overrides:
                          - tagOverrides:
                              source_canonical_service: {operation: UPSERT}
                              destination_port: {operation: REMOVE, value: "1"}
                        """,
                        "8:9 spec.metrics[0].overrides[0].tagOverrides.source_canonical_service.value: missing (expected: "
                                + "the expression to set tag source_canonical_service to (operation UPSERT))",
                        "9:47 spec.metrics[0].overrides[0].tagOverrides.destination_port.value: set together with "
                                + "operation REMOVE (expected: a value only with UPSERT)"),
                Case.of("custom tag without a header name", """
                        tracing:
                        - customTags:
                            user: {header: {defaultValue: anonymous}}
                        """,
                        "7:14 spec.tracing[0].customTags.user.header.name: missing (expected: the header to read the tag "
                                + "from)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsEachErrorAtItsField(Case c) {
        assertThat(TELEMETRY.errors(c.spec())).containsExactlyElementsOf(c.expected());
    }

    @org.junit.jupiter.api.Test
    void accessLoggingSutraWouldNotDoIsAWarningAtItsField() {
        assertThat(TELEMETRY.warnings("""
                accessLogging:
                - providers: [{name: envoy}]
                - providers: [{name: otel-logs}]
                - filter: {expression: "response.code >= 400"}
                """)).containsExactly(
                "7:18 spec.accessLogging[1].providers[0].name: provider \"otel-logs\": Sutra's proxies know only Istio's"
                        + " built-in \"envoy\" provider (stdout, Istio's text format); this one logs nothing",
                "8:5 spec.accessLogging[2].providers: no providers: Istio would use the mesh's default providers, and"
                        + " Sutra has none configured, so this entry logs nothing (name \"envoy\")",
                "8:14 spec.accessLogging[2].filter.expression: Sutra does not evaluate access log filters yet: where"
                        + " this entry applies, its providers log nothing");
        assertThat(TELEMETRY.errors("""
                accessLogging:
                - providers: [{name: envoy}]
                """)).isEmpty();
    }
}
