package dev.sutra.api.validate;

import static dev.sutra.api.validate.Nulls.list;

import dev.sutra.api.config.FieldPath;
import io.fabric8.istio.api.api.telemetry.v1alpha1.AccessLogging;
import io.fabric8.istio.api.api.telemetry.v1alpha1.MetricSelectorCustomMetric;
import io.fabric8.istio.api.api.telemetry.v1alpha1.Metrics;
import io.fabric8.istio.api.api.telemetry.v1alpha1.MetricsOverrides;
import io.fabric8.istio.api.api.telemetry.v1alpha1.MetricsOverridesTagOverrideOperation;
import io.fabric8.istio.api.api.telemetry.v1alpha1.ProviderRef;
import io.fabric8.istio.api.api.telemetry.v1alpha1.Telemetry;
import io.fabric8.istio.api.api.telemetry.v1alpha1.Tracing;
import io.fabric8.istio.api.api.telemetry.v1alpha1.TracingCustomTag;
import io.fabric8.istio.api.api.telemetry.v1alpha1.TracingCustomTagEnvironment;
import io.fabric8.istio.api.api.telemetry.v1alpha1.TracingCustomTagHeader;
import io.fabric8.istio.api.api.telemetry.v1alpha1.TracingCustomTagLiteral;
import java.util.List;

/** Telemetry: providers and overrides of metrics, tracing and access logging. */
final class TelemetryValidator implements KindValidator<Telemetry> {

    static final TelemetryValidator INSTANCE = new TelemetryValidator();

    private TelemetryValidator() {
    }

    @Override
    public Class<Telemetry> specType() {
        return Telemetry.class;
    }

    @Override
    public void validate(Telemetry telemetry, Checks checks) {
        FieldPath spec = FieldPath.of("spec");
        PolicyTargetRules.check(checks, spec, telemetry.getSelector(), telemetry.getTargetRef(),
                list(telemetry.getTargetRefs()));
        List<Metrics> metrics = list(telemetry.getMetrics());
        for (int i = 0; i < metrics.size(); i++) {
            if (metrics.get(i) != null) {
                checkMetrics(checks, spec.child("metrics").index(i), metrics.get(i));
            }
        }
        List<Tracing> tracing = list(telemetry.getTracing());
        if (tracing.size() > 1) {
            checks.warn(spec.child("tracing"), tracing.size() + " tracing configurations (expected: one; only one is used)");
        }
        for (int i = 0; i < tracing.size(); i++) {
            if (tracing.get(i) != null) {
                checkTracing(checks, spec.child("tracing").index(i), tracing.get(i));
            }
        }
        List<AccessLogging> logging = list(telemetry.getAccessLogging());
        for (int i = 0; i < logging.size(); i++) {
            if (logging.get(i) != null) {
                checkAccessLogging(checks, spec.child("accessLogging").index(i), logging.get(i));
            }
        }
    }

    private static void checkMetrics(Checks checks, FieldPath path, Metrics metrics) {
        checkProviders(checks, path.child("providers"), list(metrics.getProviders()));
        Durations.check(checks, path.child("reportingInterval"), metrics.getReportingInterval());
        List<MetricsOverrides> overrides = list(metrics.getOverrides());
        for (int i = 0; i < overrides.size(); i++) {
            FieldPath at = path.child("overrides").index(i);
            MetricsOverrides o = overrides.get(i);
            if (o == null) {
                checks.missing(at, "an override");
                continue;
            }
            Nulls.map(o.getTagOverrides()).forEach((tag, override) -> {
                FieldPath tagPath = at.child("tagOverrides").child(tag);
                if (override == null) {
                    checks.missing(tagPath, "an operation, and a value to UPSERT");
                    return;
                }
                boolean remove = override.getOperation() == MetricsOverridesTagOverrideOperation.REMOVE;
                if (!remove && Nulls.isEmpty(override.getValue())) {
                    checks.missing(tagPath.child("value"), "the expression to set tag " + tag + " to (operation UPSERT)");
                } else if (remove && !Nulls.isEmpty(override.getValue())) {
                    checks.conflict(tagPath.child("value"), "operation REMOVE", "a value only with UPSERT");
                }
            });
            if (o.getMatch() != null && o.getMatch().getMetricMatch() instanceof MetricSelectorCustomMetric c
                    && Nulls.isEmpty(c.getCustomMetric())) {
                checks.missing(at.child("match").child("customMetric"), "the name of the custom metric");
            }
        }
    }

    private static void checkTracing(Checks checks, FieldPath path, Tracing tracing) {
        List<ProviderRef> providers = list(tracing.getProviders());
        if (providers.size() > 1) {
            checks.warn(path.child("providers"), providers.size() + " providers (expected: one; only one is used)");
        }
        checkProviders(checks, path.child("providers"), providers);
        Double sampling = tracing.getRandomSamplingPercentage();
        if (sampling != null && (sampling < 0 || sampling > 100)) {
            checks.invalid(path.child("randomSamplingPercentage"), sampling, "0 to 100");
        }
        Nulls.map(tracing.getCustomTags()).forEach((name, tag) -> {
            FieldPath at = path.child("customTags").child(name);
            if (name.isEmpty()) {
                checks.invalid(at, name, "a non-empty tag name");
            }
            checkCustomTag(checks, at, tag);
        });
    }

    private static void checkCustomTag(Checks checks, FieldPath path, TracingCustomTag tag) {
        switch (tag == null ? null : tag.getType()) {
            case TracingCustomTagLiteral l when l.getLiteral() == null || Nulls.isEmpty(l.getLiteral().getValue()) ->
                    checks.missing(path.child("literal").child("value"), "the literal tag value");
            case TracingCustomTagHeader h when h.getHeader() == null || Nulls.isEmpty(h.getHeader().getName()) ->
                    checks.missing(path.child("header").child("name"), "the header to read the tag from");
            case TracingCustomTagEnvironment e when e.getEnvironment() == null || Nulls.isEmpty(e.getEnvironment().getName()) ->
                    checks.missing(path.child("environment").child("name"), "the environment variable to read the tag from");
            case null -> checks.missing(path, "one of literal, header or environment");
            default -> {
            }
        }
    }

    /** Istio's rules, and what Sutra does not do yet said where it matters: such entries log nothing. */
    private static void checkAccessLogging(Checks checks, FieldPath path, AccessLogging logging) {
        List<ProviderRef> providers = list(logging.getProviders());
        checkProviders(checks, path.child("providers"), providers);
        for (int i = 0; i < providers.size(); i++) {
            String name = providers.get(i) == null ? null : providers.get(i).getName();
            if (!Nulls.isEmpty(name) && !name.equals("envoy")) {
                checks.warn(path.child("providers").index(i).child("name"), "provider \"" + name + "\": Sutra's proxies"
                        + " know only Istio's built-in \"envoy\" provider (stdout, Istio's text format); this one logs nothing");
            }
        }
        if (providers.isEmpty()) {
            checks.warn(path.child("providers"), "no providers: Istio would use the mesh's default providers, and"
                    + " Sutra has none configured, so this entry logs nothing (name \"envoy\")");
        }
        if (logging.getFilter() != null && !Nulls.isEmpty(logging.getFilter().getExpression())) {
            checks.warn(path.child("filter").child("expression"), "Sutra does not evaluate access log filters yet:"
                    + " where this entry applies, its providers log nothing");
        }
    }

    private static void checkProviders(Checks checks, FieldPath path, List<ProviderRef> providers) {
        for (int i = 0; i < providers.size(); i++) {
            if (providers.get(i) == null || Nulls.isEmpty(providers.get(i).getName())) {
                checks.missing(path.index(i).child("name"), "the name of an extension provider of the mesh config");
            }
        }
    }
}
