package dev.sutra.ca.authority;

import dev.sutra.ca.TrustBundle;
import java.util.List;

/**
 * The roots a self-signed CA holds and which one signs. Each transition of a rotation is a method
 * of the stage it starts from, so an out-of-order call cannot compile into a state.
 */
sealed interface CaState permits CaState.Steady, CaState.Staged, CaState.Activated {

    /** The root that signs. */
    StoredRoot signing();

    /** Every root in the trust bundle, the signing root first. */
    List<StoredRoot> trusted();

    /** The public name of this stage. */
    RotationStage stage();

    /** The trust bundle of {@link #trusted()}. */
    default TrustBundle bundle() {
        return new TrustBundle(trusted().stream().map(StoredRoot::certificate).toList());
    }

    /** The number the next new root takes. */
    default int nextId() {
        return trusted().stream().mapToInt(StoredRoot::id).max().orElseThrow() + 1;
    }

    /** One root. */
    record Steady(StoredRoot active) implements CaState {

        Staged begin(StoredRoot next) {
            return new Staged(active, next);
        }

        @Override
        public StoredRoot signing() {
            return active;
        }

        @Override
        public List<StoredRoot> trusted() {
            return List.of(active);
        }

        @Override
        public RotationStage stage() {
            return RotationStage.STEADY;
        }
    }

    /** {@code next} is trusted; {@code active} still signs. */
    record Staged(StoredRoot active, StoredRoot next) implements CaState {

        Activated activate() {
            return new Activated(next, active);
        }

        @Override
        public StoredRoot signing() {
            return active;
        }

        @Override
        public List<StoredRoot> trusted() {
            return List.of(active, next);
        }

        @Override
        public RotationStage stage() {
            return RotationStage.STAGED;
        }
    }

    /** {@code active} (the new root) signs; {@code previous} is still trusted. */
    record Activated(StoredRoot active, StoredRoot previous) implements CaState {

        Steady retire() {
            return new Steady(active);
        }

        @Override
        public StoredRoot signing() {
            return active;
        }

        @Override
        public List<StoredRoot> trusted() {
            return List.of(active, previous);
        }

        @Override
        public RotationStage stage() {
            return RotationStage.ACTIVATED;
        }
    }
}
