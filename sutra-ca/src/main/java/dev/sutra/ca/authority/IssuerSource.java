package dev.sutra.ca.authority;

/** Where the CA's signing material comes from: the closed set of CA modes. */
sealed interface IssuerSource permits SelfSignedRoots, PluggedIntermediate {

    /** The current signing material; one volatile read. */
    Issuer issuer();

    /** Where a root rotation stands; always {@link RotationStage#STEADY} for a plugged intermediate. */
    RotationStage stage();
}
