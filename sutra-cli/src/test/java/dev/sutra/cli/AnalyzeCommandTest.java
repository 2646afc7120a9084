package dev.sutra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sutra analyze} as a user runs it: exit codes and the lines it prints. */
class AnalyzeCommandTest {

    private static final String SERVICES = """
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata: {name: reviews}
            spec:
              hosts: [reviews.default.svc.cluster.local]
              location: MESH_INTERNAL
              resolution: STATIC
              ports: [{number: 9080, name: http, protocol: HTTP}]
              workloadSelector: {labels: {app: reviews}}
            ---
            apiVersion: networking.istio.io/v1
            kind: WorkloadEntry
            metadata: {name: reviews-v1}
            spec: {address: 10.0.0.11, labels: {app: reviews, version: v1}}
            ---
            apiVersion: networking.istio.io/v1
            kind: WorkloadEntry
            metadata: {name: reviews-v2}
            spec: {address: 10.0.0.12, labels: {app: reviews, version: v2}}
            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: reviews}
            spec:
              host: reviews
              subsets:
              - {name: v1, labels: {version: v1}}
              - {name: v2, labels: {version: v2}}
            """;

    @TempDir
    Path dir;

    @Test
    void realisticConfigIsClean() throws IOException {
        Files.writeString(dir.resolve("services.yaml"), SERVICES);
        Files.writeString(dir.resolve("vs.yaml"), """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: reviews}
                spec:
                  hosts: [reviews]
                  http:
                  - match:
                    - headers: {end-user: {exact: jason}}
                    fault:
                      delay: {percentage: {value: 100}, fixedDelay: 7s}
                    route:
                    - destination: {host: reviews, subset: v2}
                  - route:
                    - destination: {host: reviews, subset: v1}
                      weight: 90
                    - destination: {host: reviews, subset: v2}
                      weight: 10
                """);
        CliRun run = CliRun.of("analyze", dir.toString());
        assertThat(run.out()).isEmpty();
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void theHundredPercentFaultTypoIsAnError() throws IOException {
        Files.writeString(dir.resolve("services.yaml"), SERVICES);
        Path vs = dir.resolve("vs.yaml");
        Files.writeString(vs, """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: reviews}
                spec:
                  hosts: [reviews]
                  http:
                  - fault:
                      delay:
                        percentage: {value: 100}
                        fixedDelay: 7s
                    route:
                    - destination: {host: reviews, subset: v1}
                """);
        CliRun run = CliRun.of("analyze", dir.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).startsWith(vs + ":9: Error SUT0101 VirtualService default/reviews:")
                .contains("100%");
    }

    @Test
    void brokenConfigNamesEachProblemAndExitsTwo() throws IOException {
        Files.writeString(dir.resolve("services.yaml"), SERVICES);
        Path vs = dir.resolve("vs.yaml");
        Files.writeString(vs, """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: reviews}
                spec:
                  hosts: [reviews]
                  http:
                  - route:
                    - destination: {host: reviews, subset: v3}
                  - route:
                    - destination: {host: ratings}
                      wieght: 5
                """);
        CliRun run = CliRun.of("analyze", dir.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).contains(vs + ":11: Error IST0106")
                .contains("unknown field \"wieght\" (did you mean \"weight\"?)");
    }

    @Test
    void warningsFailOnlyWhenAsked() throws IOException {
        Files.writeString(dir.resolve("services.yaml"), SERVICES);
        Files.writeString(dir.resolve("dr.yaml"), """
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: details}
                spec:
                  host: details
                """);
        CliRun lenient = CliRun.of("analyze", dir.toString());
        CliRun strict = CliRun.of("analyze", "--fail-on-warning", dir.toString());
        assertThat(lenient.out()).contains("Warning");
        assertThat(lenient.exitCode()).isZero();
        assertThat(strict.exitCode()).isEqualTo(1);
    }
}
