package dev.sutra.proxy.router;

/**
 * One compiled {@code HeaderValueOption}: a header to add, and what to do when it already exists.
 *
 * @param name lower-case header name
 * @param value the literal value ({@code %%} already unescaped)
 * @param action Envoy's {@code append_action}; the deprecated {@code append: false} maps to
 *     {@link Action#OVERWRITE_IF_EXISTS_OR_ADD}
 */
public record HeaderAppend(String name, String value, Action action) {

    /** {@code HeaderValueOption.HeaderAppendAction}. */
    public enum Action {
        /** Add a value, keeping existing ones (the default). */
        APPEND_IF_EXISTS_OR_ADD,
        /** Add only when the header is absent. */
        ADD_IF_ABSENT,
        /** Replace existing values, or add. */
        OVERWRITE_IF_EXISTS_OR_ADD,
        /** Replace existing values; do nothing when absent. */
        OVERWRITE_IF_EXISTS
    }
}
