package dev.sutra.controlplane.api;

import dev.sutra.ca.CertificateInfo;
import dev.sutra.ca.RootPin;
import dev.sutra.ca.TrustBundle;
import dev.sutra.controlplane.ca.MeshCa;
import dev.sutra.controlplane.ca.RotationProgress;
import dev.sutra.controlplane.ca.RotationStep;
import dev.sutra.controlplane.xds.XdsCache;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /api/v1/ca}: the CA's roots and root rotation.
 * <ul>
 *   <li>{@code GET /api/v1/ca}: trust domain, mode ({@code self-signed} or {@code plugged-in}),
 *       rotation stage, the roots with their pins (signing root first), and each connected
 *       sidecar's progress ({@link RotationProgress});</li>
 *   <li>{@code GET /api/v1/ca/root}: the trust bundle in PEM, signing root first, for proxies
 *       started with a root file instead of a join token's pin;</li>
 *   <li>{@code POST /api/v1/ca/rotate-root?stage=begin|activate|retire}: one rotation step; it
 *       answers after the new bundle has been pushed, with the same body as {@code GET}. 409 when
 *       the step does not follow the current stage or the CA is plugged in.</li>
 * </ul>
 */
final class CaEndpoint {

    static final String PATH = "/api/v1/ca";

    private final MeshCa ca;
    private final XdsCache cache;
    private final Supplier<String> pushedBundle;

    CaEndpoint(MeshCa ca, XdsCache cache, Supplier<String> pushedBundle) {
        this.ca = ca;
        this.cache = cache;
        this.pushedBundle = pushedBundle;
    }

    void handle(Exchange ex) throws IOException {
        String[] path = ex.pathBelow(PATH);
        String below = String.join("/", path);
        switch (ex.method() + " " + below) {
            case "GET " -> ex.json(200, state());
            case "GET root" -> ex.text(200, "application/x-pem-file", ca.trustBundle().toPem());
            case "POST rotate-root" -> rotate(ex);
            default -> ex.error(below.isEmpty() || below.equals("root") || below.equals("rotate-root") ? 405 : 404,
                    ex.method() + " " + ex.path() + " is not served (expected: GET " + PATH + ", GET " + PATH
                            + "/root, POST " + PATH + "/rotate-root?stage=begin|activate|retire)");
        }
    }

    private void rotate(Exchange ex) throws IOException {
        String stage = ex.query().getOrDefault("stage", "");
        Optional<RotationStep> step = RotationStep.parse(stage);
        if (step.isEmpty()) {
            ex.error(400, "stage=\"" + stage + "\" (expected: begin, activate or retire)");
            return;
        }
        try {
            ca.rotate(step.get());
        } catch (IllegalStateException e) {
            ex.error(409, e.getMessage());
            return;
        } catch (IOException e) {
            ex.error(500, "rotation step '" + step.get().word() + "' failed writing the CA state: " + e.getMessage());
            return;
        }
        ex.json(200, state());
    }

    private Map<String, Object> state() {
        TrustBundle bundle = ca.trustBundle();
        RootPin signing = ca.signingRootPin();
        Instant now = Instant.now();
        List<Object> roots = new ArrayList<>();
        for (X509Certificate root : bundle.roots()) {
            CertificateInfo info = CertificateInfo.of(root, now);
            RootPin pin = RootPin.of(root);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("pin", pin.value());
            r.put("signing", pin.equals(signing));
            r.put("subject", info.identity());
            r.put("serial", info.serialHex());
            r.put("notBefore", info.notBefore());
            r.put("notAfter", info.notAfter());
            roots.add(r);
        }
        boolean pushed = pushedBundle.get().equals(bundle.toPem());
        RotationProgress progress = RotationProgress.of(ca, cache.statuses(), pushed);
        List<Object> sidecars = new ArrayList<>();
        for (RotationProgress.Sidecar s : progress.sidecars()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("id", s.id());
            p.put("identity", s.identity().uri());
            p.put("bundleAccepted", s.bundleAccepted());
            p.put("certificateRoot", s.certificateRoot() == null ? null : s.certificateRoot().value());
            p.put("onSigningRoot", s.onSigningRoot());
            sidecars.add(p);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("trustDomain", ca.trustDomain());
        out.put("mode", ca.pluggedIn() ? "plugged-in" : "self-signed");
        out.put("stage", ca.rotationStage().name().toLowerCase(Locale.ROOT));
        out.put("signingRoot", signing.value());
        out.put("roots", roots);
        out.put("bundlePushed", pushed);
        out.put("sidecars", sidecars);
        return out;
    }
}
