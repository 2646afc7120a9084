package dev.sutra.proxy.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sutra.proxy.config.OutlierPolicy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Envoy's consecutive-error ejection: counting, resets, enforcement, the ejection limit and the return. */
class OutlierDetectorTest {

    private static final InetSocketAddress A = new InetSocketAddress("10.0.0.1", 80);
    private static final InetSocketAddress B = new InetSocketAddress("10.0.0.2", 80);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final OutlierDetector detector = new OutlierDetector(timer, System::nanoTime);

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private static OutlierPolicy policy(int consecutive5xx, int consecutiveGateway, int enforcingGateway,
            Duration baseEjection, int maxEjectionPercent) {
        return new OutlierPolicy(consecutive5xx, 100, consecutiveGateway, enforcingGateway, Duration.ofSeconds(10),
                baseEjection, Duration.ofSeconds(300), maxEjectionPercent);
    }

    @Test
    void consecutive5xxEjectAndASuccessInBetweenStartsTheCountAgain() {
        OutlierPolicy p = policy(3, 5, 0, Duration.ofMinutes(1), 100);
        detector.result(A, 500, p, 2);
        detector.result(A, 503, p, 2);
        detector.result(A, 200, p, 2);
        detector.result(A, 500, p, 2);
        assertThat(detector.result(A, 502, p, 2)).isFalse();
        long before = detector.version();
        assertThat(detector.result(A, 504, p, 2)).isTrue();
        assertThat(detector.isEjected(A)).isTrue();
        assertThat(detector.isEjected(B)).isFalse();
        assertThat(detector.version()).isGreaterThan(before);
        assertThat(detector.ejections()).isEqualTo(1);
    }

    @Test
    void gatewayFailuresCountOnlyWhenEnforcedAndAnother5xxResetsThem() {
        OutlierPolicy notEnforced = policy(100, 2, 0, Duration.ofMinutes(1), 100);
        detector.result(A, 503, notEnforced, 2);
        assertThat(detector.result(A, 503, notEnforced, 2)).isFalse();

        OutlierPolicy enforced = policy(100, 2, 100, Duration.ofMinutes(1), 100);
        detector.result(B, 503, enforced, 2);
        detector.result(B, 500, enforced, 2);
        assertThat(detector.result(B, 502, enforced, 2)).isFalse();
        assertThat(detector.result(B, 504, enforced, 2)).isTrue();
    }

    @Test
    void noMoreThanTheMaximumPercentIsEjectedButAlwaysOne() {
        OutlierPolicy p = policy(1, 5, 0, Duration.ofMinutes(1), 10);
        // One host of one is 100%, over 10%, and still ejected: Envoy always ejects one.
        assertThat(detector.result(A, 500, p, 1)).isTrue();
        // A second of ten would be 20%.
        assertThat(detector.result(B, 500, p, 10)).isFalse();
        assertThat(detector.isEjected(B)).isFalse();
    }

    @Test
    void anEjectedHostReturnsAfterTheEjectionTime() {
        OutlierPolicy p = policy(1, 5, 0, Duration.ofMillis(200), 100);
        assertThat(detector.result(A, 500, p, 2)).isTrue();
        long ejectedVersion = detector.version();
        await().atMost(Duration.ofSeconds(5)).until(() -> !detector.isEjected(A));
        assertThat(detector.version()).isGreaterThan(ejectedVersion);
        // Back in service and failing again: ejected again.
        assertThat(detector.result(A, 500, p, 2)).isTrue();
        assertThat(detector.ejections()).isEqualTo(2);
    }

    @Test
    void hostsThatLeaveTheClusterAreForgottenAndFreeTheirShare() {
        OutlierPolicy p = policy(1, 5, 0, Duration.ofMinutes(1), 10);
        assertThat(detector.result(A, 500, p, 10)).isTrue();
        detector.retainHosts(java.util.Set.of(B));
        assertThat(detector.isEjected(A)).isFalse();
        // A's ejection no longer counts against the limit.
        assertThat(detector.result(B, 500, p, 10)).isTrue();
    }
}
