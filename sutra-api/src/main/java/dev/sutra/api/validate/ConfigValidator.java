package dev.sutra.api.validate;

import static java.util.Objects.requireNonNull;

import dev.sutra.api.config.ConfigError;
import dev.sutra.api.config.ConfigKind;
import dev.sutra.api.config.ConfigResource;
import dev.sutra.api.config.ConfigSnapshot;
import dev.sutra.api.mesh.MeshSettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Checks Istio resources by the rules Istio's validating webhook applies (and, where Istio's API
 * documents a rule it leaves unchecked, by that rule), so that config Istio would reject is rejected
 * here with the field path and what was expected:
 * {@code mesh.yaml:42:9: VirtualService default/reviews: spec.http[3].route[0].weight: -5 (expected: 0 or more)}.
 *
 * <p>The parser has already rejected unknown fields, wrong types and unknown enum values; this checks
 * what the types cannot say. Stateless and thread-safe.
 */
public final class ConfigValidator {

    private final MeshSettings settings;

    /** A validator for a mesh with the default settings. */
    public ConfigValidator() {
        this(MeshSettings.DEFAULT);
    }

    /** A validator for a mesh with {@code settings} (its root namespace and domain suffix). */
    public ConfigValidator(MeshSettings settings) {
        this.settings = requireNonNull(settings, "settings");
    }

    /** The errors of one resource, in field order; empty when it is valid. */
    public List<ConfigError> validate(ConfigResource<?> resource) {
        return check(resource).errors();
    }

    /**
     * The errors of a set of resources that would be applied together: each resource's own errors,
     * and a resource defined twice.
     */
    public List<ConfigError> validate(Collection<? extends ConfigResource<?>> resources) {
        return check(resources).errors();
    }

    /** The errors and warnings of one resource. */
    public Validation check(ConfigResource<?> resource) {
        requireNonNull(resource, "resource");
        Checks checks = new Checks(resource, settings);
        run(validatorFor(resource.kind()), resource, checks);
        return new Validation(checks.errors(), checks.warnings());
    }

    /** The errors and warnings of a set of resources applied together, duplicates included. */
    public Validation check(Collection<? extends ConfigResource<?>> resources) {
        requireNonNull(resources, "resources");
        List<ConfigError> errors = new ArrayList<>(ConfigSnapshot.duplicates(resources));
        List<ConfigError> warnings = new ArrayList<>();
        for (ConfigResource<?> resource : resources) {
            Validation one = check(resource);
            errors.addAll(one.errors());
            warnings.addAll(one.warnings());
        }
        return new Validation(errors, warnings);
    }

    private static <S> void run(KindValidator<S> validator, ConfigResource<?> resource, Checks checks) {
        validator.validate(resource.as(validator.specType()).spec(), checks);
    }

    private static KindValidator<?> validatorFor(ConfigKind kind) {
        return switch (kind) {
            case VIRTUAL_SERVICE -> VirtualServiceValidator.INSTANCE;
            case DESTINATION_RULE -> DestinationRuleValidator.INSTANCE;
            case SERVICE_ENTRY -> ServiceEntryValidator.INSTANCE;
            case WORKLOAD_ENTRY -> WorkloadEntryValidator.INSTANCE;
            case GATEWAY -> GatewayValidator.INSTANCE;
            case SIDECAR -> SidecarValidator.INSTANCE;
            case PEER_AUTHENTICATION -> PeerAuthenticationValidator.INSTANCE;
            case AUTHORIZATION_POLICY -> AuthorizationPolicyValidator.INSTANCE;
            case REQUEST_AUTHENTICATION -> RequestAuthenticationValidator.INSTANCE;
            case TELEMETRY -> TelemetryValidator.INSTANCE;
        };
    }
}
