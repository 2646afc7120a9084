package dev.sutra.controlplane.api;

import dev.sutra.controlplane.ca.CertificateInventory;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/certificates}: every certificate the control plane can see (roots, plugged-in
 * intermediates, the TLS port's certificate, each identity's latest workload certificate) with
 * {@code kind}, {@code identity}, {@code serial} (hex), {@code notBefore}, {@code notAfter},
 * {@code issuer}, {@code secondsLeft}, {@code lifetimeSeconds} and {@code renewedAutomatically}.
 * {@code sutra check} reads it.
 */
final class CertificatesEndpoint {

    static final String PATH = "/api/v1/certificates";

    private final CertificateInventory inventory;

    CertificatesEndpoint(CertificateInventory inventory) {
        this.inventory = inventory;
    }

    void handle(Exchange ex) throws IOException {
        if (!ex.method().equals("GET")) {
            ex.error(405, ex.method() + " " + PATH + " is not served (expected: GET)");
            return;
        }
        List<Object> out = new ArrayList<>();
        for (CertificateInventory.Listed c : inventory.list(Instant.now())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", c.kind().label());
            m.put("identity", c.info().identity());
            m.put("serial", c.info().serialHex());
            m.put("notBefore", c.info().notBefore());
            m.put("notAfter", c.info().notAfter());
            m.put("issuer", c.info().issuer());
            m.put("secondsLeft", c.info().secondsUntilExpiry());
            m.put("lifetimeSeconds", c.lifetimeSeconds());
            m.put("renewedAutomatically", c.kind().renewedAutomatically());
            out.add(m);
        }
        ex.json(200, Map.of("certificates", out));
    }
}
