package dev.sutra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sutra.api.validate.ConfigValidator;
import dev.sutra.ca.RootPin;
import dev.sutra.ca.SpiffeId;
import dev.sutra.ca.authority.CertificateAuthority;
import dev.sutra.ca.join.JoinToken;
import dev.sutra.controlplane.ControlPlane;
import dev.sutra.controlplane.ControlPlaneOptions;
import dev.sutra.controlplane.ca.IdentityOptions;
import dev.sutra.controlplane.ca.MeshCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sutra token create}, {@code sutra check} and {@code sutra ca rotate-root} against a real control plane. */
class IdentityCommandsTest {

    @TempDir
    Path dir;

    private ControlPlane controlPlane;
    private MeshCa ca;
    private String server;

    private void start(UnaryOperator<IdentityOptions> identity) throws Exception {
        Files.createDirectories(dir.resolve("config"));
        controlPlane = ControlPlane.start(ControlPlaneOptions.defaults(dir.resolve("config"), dir.resolve("state"))
                .withEphemeralPorts().withIdentity(identity), new ConfigValidator()::validate);
        ca = controlPlane.ca().orElseThrow();
        server = "http://127.0.0.1:" + controlPlane.apiPort();
    }

    @AfterEach
    void stop() {
        if (controlPlane != null) {
            controlPlane.close();
        }
    }

    @Test
    void tokenCreatePrintsOnlyTheTokenOnStdout() throws Exception {
        start(i -> i);

        CliRun run = CliRun.of("token", "create", "--namespace", "default", "--service-account", "reviews",
                "--ttl", "2h", "--server", server);

        assertThat(run.exitCode()).isZero();
        JoinToken token = ca.verifyToken(run.out().strip());
        assertThat(token.identity()).isEqualTo(SpiffeId.of("default", "reviews"));
        assertThat(token.rootPin()).isEqualTo(ca.signingRootPin());
        assertThat(run.err()).contains("spiffe://cluster.local/ns/default/sa/reviews", ca.signingRootPin().value());
    }

    @Test
    void tokenCreateNeedsTheIdentity() throws Exception {
        start(i -> i);

        CliRun run = CliRun.of("token", "create", "--service-account", "reviews", "--server", server);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--namespace");
    }

    @Test
    void checkPassesWhenNothingExpiresSoon() throws Exception {
        start(i -> i);

        CliRun run = CliRun.of("check", "--server", server);

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("KIND", "root", "serving",
                "spiffe://cluster.local/ns/istio-system/sa/sutra-controlplane");
    }

    @Test
    void checkFailsWhenACertificateExpiresWithinTheWindow() throws Exception {
        start(i -> i.withWorkloadCertTtl(Duration.ofSeconds(60)));
        try (FakeSidecar sidecar = FakeSidecar.join(controlPlane.xdsTlsPort().orElseThrow(), server,
                ca.issueToken(SpiffeId.of("default", "reviews"), Duration.ofMinutes(5)), "reviews")) {

            assertThat(sidecar.root()).isEqualTo(ca.signingRootPin());
            CliRun within = CliRun.of("check", "--fail-within", "7d", "--server", server);

            assertThat(within.exitCode()).isEqualTo(1);
            assertThat(within.out())
                    .containsPattern("workload +spiffe://cluster.local/ns/default/sa/reviews .*EXPIRING");
            assertThat(within.out()).containsPattern("root .* ok");
            assertThat(within.err()).contains("expire within 7d0h");

            CliRun outside = CliRun.of("check", "--fail-within", "5s", "--server", server);

            assertThat(outside.exitCode()).as(outside.out()).isZero();
        }
    }

    @Test
    void rotateRootWithNoSidecarConnectedGoesThroughEveryStage() throws Exception {
        start(i -> i);
        RootPin old = ca.signingRootPin();

        CliRun run = CliRun.of("ca", "rotate-root", "--timeout", "5s", "--server", server);

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        RootPin next = ca.signingRootPin();
        assertThat(next).isNotEqualTo(old);
        assertThat(ca.trustBundle().pins()).containsExactly(next);
        assertThat(run.out()).contains("stage steady, signing root " + old,
                "begin: new root " + next + " joined the trust bundle; " + old + " still signs",
                "activate: new root " + next + " signs from now on",
                "retire: old root " + old + " left the trust bundle",
                "done: the mesh trusts and signs with root " + next + " only");
    }

    @Test
    void rotateRootRefusesAPluggedInCa() throws Exception {
        // A root plugged in as the CA signs for itself; only replacing its files changes it.
        Path roots = dir.resolve("corp-ca");
        CertificateAuthority.builder().selfSigned(roots).build();
        Path cert = roots.resolve("root-1.cert.pem");
        start(i -> i.withPluggedCa(new IdentityOptions.PluggedCa(cert, roots.resolve("root-1.key.pem"), cert)));

        CliRun run = CliRun.of("ca", "rotate-root", "--server", server);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("plugged-in intermediate", "replace the CA files");
    }
}
