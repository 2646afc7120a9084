/**
 * Validation of Istio resources by the rules Istio's own validating webhook applies, plus the few
 * that Istio's API documents but leaves unchecked. Each error names the field path and says what was
 * expected. The entry point is {@link dev.sutra.api.validate.ConfigValidator}; everything else in
 * this package is one validator per kind and the rules they share.
 *
 * <p>Everything is non-null unless marked {@code @Nullable}.
 */
package dev.sutra.api.validate;
