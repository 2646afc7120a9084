package dev.sutra.api.validate;

/**
 * Validates the spec of one kind. The set is closed: one validator per kind Sutra reads, chosen by
 * {@link ConfigValidator} with an exhaustive switch.
 *
 * @param <S> the kind's spec type
 */
sealed interface KindValidator<S> permits VirtualServiceValidator, DestinationRuleValidator, ServiceEntryValidator,
        WorkloadEntryValidator, GatewayValidator, SidecarValidator, PeerAuthenticationValidator,
        AuthorizationPolicyValidator, RequestAuthenticationValidator, TelemetryValidator {

    Class<S> specType();

    /** Reports every error of {@code spec} to {@code checks}. */
    void validate(S spec, Checks checks);
}
