package dev.sutra.controlplane.ca;

import static java.util.Objects.requireNonNull;

import dev.sutra.api.Nullable;
import dev.sutra.ca.RootPin;
import dev.sutra.ca.SpiffeId;
import dev.sutra.controlplane.xds.ProxyStatus;
import dev.sutra.controlplane.xds.TypeStatus;
import dev.sutra.xds.node.Generator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How far each connected sidecar has followed a root rotation: whether it accepted the push that
 * carried the current trust bundle, and whether its latest certificate chains to the signing root.
 * {@code sutra ca rotate-root} waits on these between stages.
 *
 * <p>"Accepted the bundle": its SDS (the {@code ROOTCA} secret) is in sync; a proxy that does not
 * subscribe to SDS counts when its CDS and LDS are in sync. The rotation API pushes the new bundle
 * before it answers, so in sync from then on means in sync with the new bundle. Proxyless gRPC
 * clients hold no certificates and are not counted.
 *
 * @param bundlePushed whether the last push carried the current trust bundle
 * @param sidecars every connected sidecar
 */
public record RotationProgress(boolean bundlePushed, List<Sidecar> sidecars) {

    public RotationProgress {
        sidecars = List.copyOf(sidecars);
    }

    /**
     * One sidecar.
     *
     * @param id its node id
     * @param identity the identity it runs as
     * @param bundleAccepted whether it accepted the push of the current bundle
     * @param certificateRoot the pin of the root its identity's latest certificate chains to, null
     *     when the control plane knows no certificate of that identity
     * @param onSigningRoot whether that root is the one that signs now
     */
    public record Sidecar(String id, SpiffeId identity, boolean bundleAccepted, @Nullable RootPin certificateRoot,
            boolean onSigningRoot) {

        public Sidecar {
            requireNonNull(id, "id");
            requireNonNull(identity, "identity");
        }
    }

    /** The progress of {@code statuses} under {@code ca}'s current bundle. */
    public static RotationProgress of(MeshCa ca, List<ProxyStatus> statuses, boolean bundlePushed) {
        RootPin signing = ca.signingRootPin();
        List<Sidecar> out = new ArrayList<>();
        for (ProxyStatus status : statuses) {
            if (!status.connected() || status.node().generator() != Generator.SIDECAR) {
                continue;
            }
            SpiffeId identity = ca.identity(status.node().namespace(), status.node().serviceAccount());
            Optional<RootPin> root = ca.issued().latest(identity).map(IssuedCertificates.Entry::root);
            out.add(new Sidecar(status.node().id(), identity, bundlePushed && accepted(status),
                    root.orElse(null), root.map(signing::equals).orElse(false)));
        }
        return new RotationProgress(bundlePushed, out);
    }

    private static boolean accepted(ProxyStatus status) {
        Map<String, TypeStatus> types = status.types().stream()
                .collect(Collectors.toMap(TypeStatus::type, Function.identity(), (a, b) -> a));
        TypeStatus sds = types.get("SDS");
        if (sds != null) {
            return sds.synced();
        }
        TypeStatus cds = types.get("CDS");
        TypeStatus lds = types.get("LDS");
        return cds != null && lds != null && cds.synced() && lds.synced();
    }
}
