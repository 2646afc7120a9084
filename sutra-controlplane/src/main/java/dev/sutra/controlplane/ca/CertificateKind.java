package dev.sutra.controlplane.ca;

import java.util.Locale;

/** The kinds of certificate the control plane can see, as labels and in {@code sutra check}. */
public enum CertificateKind {
    /** A root in the trust bundle. */
    ROOT,
    /** A plugged-in intermediate on the signing path. */
    INTERMEDIATE,
    /** The TLS port's own certificate. */
    SERVING,
    /** A workload's latest certificate. */
    WORKLOAD;

    /** Whether the control plane and the proxies renew it by themselves (else an operator must). */
    public boolean renewedAutomatically() {
        return this == SERVING || this == WORKLOAD;
    }

    /** The lower-case name used in labels and JSON. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
