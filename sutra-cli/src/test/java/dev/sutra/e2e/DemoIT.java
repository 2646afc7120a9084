package dev.sutra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sutra.cli.CliRun;
import dev.sutra.testkit.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sutra demo} as a user runs it: it comes up, shows reviews on v1, follows an apply to v3,
 * and stops everything it started when interrupted.
 */
class DemoIT {

    @TempDir
    Path home;

    @Test
    void theSplitFollowsAnApplyAndCtrlCLeavesNothingBehind() throws Exception {
        Path examples = Files.createDirectories(home.resolve("examples/bookinfo"));
        try (Stream<Path> files = Files.list(Path.of("..", "examples", "bookinfo"))) {
            for (Path f : files.toList()) {
                Files.copy(f, examples.resolve(f.getFileName()));
            }
        }
        int apiPort = Ports.free();
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (Runtime.version().feature() >= 24) {
            command.addAll(List.of("--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED"));
        }
        command.addAll(List.of("-jar", Path.of("target", "sutra.jar").toAbsolutePath().toString(), "demo", "--plain",
                "--home", home.toString(), "--xds-port", Integer.toString(Ports.free()),
                "--xds-tls-port", Integer.toString(Ports.free()),
                "--api-port", Integer.toString(apiPort)));
        Path out = home.resolve("demo.out");
        Process demo = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> lastBlock(out).contains("v1   ##############################"));

            CliRun apply = CliRun.of("apply", "-f", examples.resolve("reviews-v3.yaml").toString(),
                    "--server", "http://127.0.0.1:" + apiPort);
            assertThat(apply.exitCode()).as(apply.err()).isZero();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> lastBlock(out).contains("v3   ##############################"));
            assertThat(lastBlock(out)).contains("loadgen").contains("100.0%");
            // Every hop is mutual TLS with the identity the peer proved.
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(lastBlock(out)).containsPattern("mTLS +productpage\\S* +-> reviews +peer "
                            + "spiffe://cluster.local/ns/default/sa/reviews \\(TLSv1.3\\)")
                            .containsPattern("mTLS +reviews-v3 +-> ratings +peer spiffe://cluster.local/ns/default/sa/ratings"));
        } finally {
            List<ProcessHandle> children = demo.descendants().toList();
            demo.destroy();
            assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as(Files.readString(out)).isTrue();
            await().atMost(Duration.ofSeconds(20)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
        }
        assertThat(Files.exists(home.resolve(".sutra/demo/proxies"))).isFalse();
    }

    /** The last complete screen the demo printed. */
    private static String lastBlock(Path out) throws IOException {
        String text = Files.readString(out);
        int last = text.lastIndexOf("Sutra demo:");
        int previous = last <= 0 ? -1 : text.lastIndexOf("Sutra demo:", last - 1);
        return previous < 0 ? "" : text.substring(previous, last);
    }
}
