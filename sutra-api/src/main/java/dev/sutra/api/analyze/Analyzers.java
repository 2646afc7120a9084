package dev.sutra.api.analyze;

import java.util.List;

/** The analyzers Sutra runs. */
public final class Analyzers {

    private Analyzers() {
    }

    /** Every built-in analyzer, in a stable order. */
    public static List<Analyzer> all() {
        return List.of(
                new SubsetReferenceAnalyzer(),
                new DestinationHostAnalyzer(),
                new VirtualServiceHostAnalyzer(),
                new ConflictingMeshHostsAnalyzer(),
                new FaultInjectionAnalyzer(),
                new SubsetSelectsNoWorkloadAnalyzer(),
                new UnknownDestinationRuleHostAnalyzer(),
                new RouteWeightsAnalyzer(),
                new StaticServiceEntryAnalyzer());
    }
}
