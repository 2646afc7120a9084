package dev.sutra.controlplane.ca;

import java.util.Locale;
import java.util.Optional;

/** The three steps of a root rotation, as the API and the CLI name them. */
public enum RotationStep {
    /** A new root joins the trust bundle; the old root still signs. */
    BEGIN,
    /** The new root signs; the old one stays trusted. */
    ACTIVATE,
    /** The old root leaves the trust bundle. */
    RETIRE;

    /** {@code begin}, {@code activate} or {@code retire}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The step named {@code word}, case-insensitively. */
    public static Optional<RotationStep> parse(String word) {
        for (RotationStep step : values()) {
            if (step.word().equalsIgnoreCase(word)) {
                return Optional.of(step);
            }
        }
        return Optional.empty();
    }
}
