package dev.sutra.controlplane.ca;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;

/**
 * The CA's metrics on the control plane's {@code /metrics}:
 * <ul>
 *   <li>{@code sutra_certificate_expiry_seconds{kind,identity,serial}}: seconds until each visible
 *       certificate expires (negative once expired), computed at scrape time;</li>
 *   <li>{@code sutra_ca_certificate_requests_total{outcome}}: CreateCertificate calls by outcome
 *       ({@code issued}, {@code unauthenticated}, {@code denied}, {@code invalid}, {@code busy},
 *       {@code failed}).</li>
 * </ul>
 */
final class CaMetrics {

    private final Counter requests;

    CaMetrics(PrometheusRegistry registry, CertificateInventory inventory) {
        this.requests = Counter.builder()
                .name("sutra_ca_certificate_requests_total")
                .help("CreateCertificate calls on the TLS port, by outcome")
                .labelNames("outcome")
                .register(registry);
        GaugeWithCallback.builder()
                .name("sutra_certificate_expiry_seconds")
                .help("Seconds until a certificate the control plane can see expires; negative once expired")
                .labelNames("kind", "identity", "serial")
                .callback(callback -> {
                    for (CertificateInventory.Listed c : inventory.list(Instant.now())) {
                        callback.call(c.info().secondsUntilExpiry(), c.kind().label(), c.info().identity(),
                                c.info().serialHex());
                    }
                })
                .register(registry);
    }

    void request(String outcome) {
        requests.labelValues(outcome).inc();
    }
}
