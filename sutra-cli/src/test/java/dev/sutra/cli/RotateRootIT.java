package dev.sutra.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sutra.api.validate.ConfigValidator;
import dev.sutra.ca.RootPin;
import dev.sutra.ca.SpiffeId;
import dev.sutra.controlplane.ControlPlane;
import dev.sutra.controlplane.ControlPlaneOptions;
import dev.sutra.controlplane.ca.MeshCa;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sutra ca rotate-root} end to end: a real control plane, a sidecar that joins with a token,
 * holds ADS over mTLS and renews when its root is no longer first, and the CLI waiting on it.
 */
class RotateRootIT {

    @TempDir
    Path dir;

    private ControlPlane controlPlane;
    private MeshCa ca;
    private String server;
    private FakeSidecar sidecar;

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(dir.resolve("config"));
        controlPlane = ControlPlane.start(ControlPlaneOptions.defaults(dir.resolve("config"), dir.resolve("state"))
                .withEphemeralPorts().withIdentity(i -> i), new ConfigValidator()::validate);
        ca = controlPlane.ca().orElseThrow();
        server = "http://127.0.0.1:" + controlPlane.apiPort();
        String token = CliRun.of("token", "create", "-n", "default", "-s", "reviews", "--server", server).out().strip();
        sidecar = FakeSidecar.join(controlPlane.xdsTlsPort().orElseThrow(), server, token, "reviews-v1");
        await().atMost(Duration.ofSeconds(10)).until(() -> sidecar.acks() >= 2);
    }

    @AfterEach
    void stop() {
        sidecar.close();
        controlPlane.close();
    }

    @Test
    void rotatesOnlyAsFastAsTheSidecarFollows() throws Exception {
        RootPin old = ca.signingRootPin();
        sidecar.renewals(false);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        CompletableFuture<Integer> rotation = CompletableFuture.supplyAsync(() -> Sutra.run(new PrintWriter(out, true),
                new PrintWriter(err, true), "ca", "rotate-root", "--timeout", "60s", "--server", server));

        // Activated, and the CLI waits for the one sidecar whose certificate is under the old root.
        await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains(
                "waiting for 1 sidecar(s) to renew their certificates under the new root: "
                        + "sidecar~127.0.0.1~reviews-v1.default~default.svc.cluster.local"));
        assertThat(ca.trustBundle().pins()).hasSize(2).startsWith(ca.signingRootPin()).contains(old);
        assertThat(rotation).isNotDone();

        sidecar.renewals(true);

        assertThat(rotation.get(30, TimeUnit.SECONDS)).as(out + "\n" + err).isZero();
        RootPin next = ca.signingRootPin();
        assertThat(sidecar.root()).isEqualTo(next).isNotEqualTo(old);
        assertThat(ca.trustBundle().pins()).containsExactly(next);
        assertThat(out.toString()).contains(
                "all 1 connected sidecar(s) accepted the new trust bundle",
                "activate: new root " + next,
                "all 1 connected sidecar(s) hold certificates under the new root",
                "retire: old root " + old,
                "done: the mesh trusts and signs with root " + next + " only");
        assertThat(ca.issued().latest(SpiffeId.of("default", "reviews")).orElseThrow().root()).isEqualTo(next);
    }

    @Test
    void pausesOnTimeoutAndResumesWhereItStopped() throws Exception {
        sidecar.renewals(false);

        CliRun paused = CliRun.of("ca", "rotate-root", "--timeout", "2s", "--server", server);

        assertThat(paused.exitCode()).isEqualTo(1);
        assertThat(paused.err()).contains("timed out after 2s waiting for 1 sidecar(s) to renew",
                "rotation paused at stage activated", "--force");
        assertThat(ca.trustBundle().pins()).hasSize(2);

        sidecar.renewals(true);
        CliRun resumed = CliRun.of("ca", "rotate-root", "--timeout", "30s", "--server", server);

        assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
        assertThat(resumed.out()).startsWith("root rotation: stage activated").doesNotContain("begin:");
        assertThat(ca.trustBundle().pins()).containsExactly(ca.signingRootPin());
        assertThat(sidecar.root()).isEqualTo(ca.signingRootPin());
    }
}
