package dev.sutra.ca.authority;

/**
 * Where a root rotation stands. Each stage is kept in the state directory and survives restarts.
 *
 * <pre>
 * STEADY --beginRotation()--> STAGED --activate()--> ACTIVATED --retireOld()--> STEADY
 * </pre>
 */
public enum RotationStage {
    /** One root: it signs and it is the whole trust bundle. */
    STEADY,
    /** A new root is in the trust bundle so workloads learn it; the old root still signs. */
    STAGED,
    /** The new root signs; the old root stays in the bundle until certificates under it expire. */
    ACTIVATED
}
