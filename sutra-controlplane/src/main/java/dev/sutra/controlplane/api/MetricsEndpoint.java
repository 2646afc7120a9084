package dev.sutra.controlplane.api;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /metrics}: the control plane's metrics in Prometheus' text format. */
final class MetricsEndpoint {

    static final String PATH = "/metrics";

    private final PrometheusRegistry registry;

    MetricsEndpoint(PrometheusRegistry registry) {
        this.registry = registry;
    }

    void handle(Exchange ex) throws IOException {
        PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(out, registry.scrape());
        ex.text(200, writer.getContentType(), out.toString(StandardCharsets.UTF_8));
    }
}
