package dev.sutra.api.analyze;

import java.util.List;

/**
 * A check across the resources of a config set and the services of the mesh. Analyzers read the
 * context and report findings; they never fail on config that did not validate (its fields may be
 * missing), since analysis reports validation errors beside theirs.
 */
public interface Analyzer {

    /** A short stable name, like {@code virtualservice.SubsetReferences}, for listings and filters. */
    String name();

    /** The findings about {@code context}, in any order. */
    List<Finding> analyze(AnalysisContext context);
}
