package dev.sutra.api.analyze;

import static java.util.Objects.requireNonNull;

import dev.sutra.api.config.ConfigError;
import dev.sutra.api.config.ConfigKind;
import dev.sutra.api.config.ConfigResource;
import dev.sutra.api.config.ConfigSnapshot;
import dev.sutra.api.config.ParseResult;
import dev.sutra.api.config.ResourceKey;
import dev.sutra.api.mesh.ConfigServices;
import dev.sutra.api.mesh.MeshSettings;
import dev.sutra.api.mesh.ServiceCatalog;
import dev.sutra.api.validate.ConfigValidator;
import dev.sutra.api.validate.Validation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Analyzes a config set as {@code sutra analyze} does: parse errors and validation errors become
 * {@code IST0106} findings at their line, validation warnings {@code IST0133}, and every analyzer
 * runs over the parsed resources against the services the config declares plus any registered
 * live. Immutable; build one with {@link #builder()}.
 *
 * <pre>{@code
 * AnalysisResult result = Analysis.builder()
 *         .add(parser.parse(Path.of("bookinfo.yaml")))
 *         .liveServices(registry.catalog())
 *         .build()
 *         .run();
 * result.lines().forEach(System.out::println);
 * }</pre>
 */
public final class Analysis {

    private final List<ParseResult> parsed;
    private final ServiceCatalog liveServices;
    private final MeshSettings settings;
    private final List<Analyzer> analyzers;

    private Analysis(Builder builder) {
        this.parsed = List.copyOf(builder.parsed);
        this.liveServices = builder.liveServices;
        this.settings = builder.settings;
        this.analyzers = List.copyOf(builder.analyzers);
    }

    /** A builder with no sources, no live services, default settings and every analyzer. */
    public static Builder builder() {
        return new Builder();
    }

    /** Runs parse checks, validation and the analyzers; the findings come back sorted. */
    public AnalysisResult run() {
        List<Finding> findings = new ArrayList<>();
        List<ConfigResource<?>> resources = new ArrayList<>();
        for (ParseResult result : parsed) {
            result.errors().forEach(e -> findings.add(Finding.of(FindingType.SCHEMA_VALIDATION_ERROR, e)));
            resources.addAll(result.resources());
        }
        Validation validation = new ConfigValidator(settings).check(resources);
        Set<ResourceKey> invalid = new HashSet<>();
        for (ConfigError e : validation.errors()) {
            findings.add(Finding.of(FindingType.SCHEMA_VALIDATION_ERROR, e));
            if (e.resource() != null) {
                invalid.add(e.resource());
            }
        }
        validation.warnings().forEach(w -> findings.add(Finding.of(FindingType.SCHEMA_WARNING, w)));
        ConfigSnapshot config = ConfigSnapshot.of(resources, 0);
        AnalysisContext context = new AnalysisContext(config, catalog(resources, invalid), settings);
        for (Analyzer analyzer : analyzers) {
            findings.addAll(analyzer.analyze(context));
        }
        return new AnalysisResult(findings);
    }

    /**
     * The services the valid ServiceEntries and WorkloadEntries declare, then the live ones. Invalid
     * entries are left out: their errors are reported already, and the mesh model cannot hold them.
     */
    private ServiceCatalog catalog(List<ConfigResource<?>> resources, Set<ResourceKey> invalid) {
        List<ConfigResource<?>> declaring = new ArrayList<>();
        for (ConfigResource<?> r : resources) {
            if (!invalid.contains(r.key()) && (r.kind() == ConfigKind.SERVICE_ENTRY || r.kind() == ConfigKind.WORKLOAD_ENTRY)) {
                declaring.add(r);
            }
        }
        return Catalogs.merge(ConfigServices.catalog(ConfigSnapshot.of(declaring, 0)), liveServices);
    }

    /** Collects what to analyze. */
    public static final class Builder {

        private final List<ParseResult> parsed = new ArrayList<>();
        private ServiceCatalog liveServices = ServiceCatalog.empty();
        private MeshSettings settings = MeshSettings.DEFAULT;
        private List<Analyzer> analyzers = Analyzers.all();

        private Builder() {
        }

        /** Adds the result of parsing one source (a file, a directory's files, a request body). */
        public Builder add(ParseResult result) {
            parsed.add(requireNonNull(result, "result"));
            return this;
        }

        /** Adds several parse results. */
        public Builder addAll(Collection<ParseResult> results) {
            results.forEach(this::add);
            return this;
        }

        /** Adds resources that are already parsed, such as those in force in a control plane. */
        public Builder addResources(Collection<? extends ConfigResource<?>> resources) {
            return add(new ParseResult(List.copyOf(resources), List.of()));
        }

        /** Services and workloads known besides those the config declares, such as registered proxies. */
        public Builder liveServices(ServiceCatalog catalog) {
            this.liveServices = requireNonNull(catalog, "catalog");
            return this;
        }

        /** The mesh's settings (domain suffix, root namespace); {@link MeshSettings#DEFAULT} unless set. */
        public Builder settings(MeshSettings settings) {
            this.settings = requireNonNull(settings, "settings");
            return this;
        }

        /** The analyzers to run; {@link Analyzers#all()} unless set. */
        public Builder analyzers(List<? extends Analyzer> analyzers) {
            this.analyzers = List.copyOf(requireNonNull(analyzers, "analyzers"));
            return this;
        }

        /** An analysis of everything added so far. */
        public Analysis build() {
            return new Analysis(this);
        }
    }
}
