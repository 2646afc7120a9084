package dev.sutra.api.analyze;

import dev.sutra.api.config.Suggestions;
import dev.sutra.api.mesh.MeshService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** "Did you mean" for hosts that match no service: the closest known service name. */
final class HostSuggestions {

    private HostSuggestions() {
    }

    /** "; did you mean x?" or nothing; {@code written} is compared too, so short names find short names. */
    static String didYouMean(AnalysisContext context, String written, String resolved) {
        List<String> names = new ArrayList<>();
        List<String> shortNames = new ArrayList<>();
        for (MeshService s : context.services().services()) {
            names.add(s.hostname());
            shortNames.add(s.shortName());
        }
        var match = Suggestions.closest(resolved, names);
        if (match.isEmpty() && !written.contains(".")) {
            int i = Suggestions.closest(written, shortNames).map(shortNames::indexOf).orElse(-1);
            if (i >= 0) {
                match = Optional.of(names.get(i));
            }
        }
        return match.map(m -> "; did you mean " + m + "?").orElse("");
    }

    /** {@code "reviewz" (reviewz.bookinfo.svc.cluster.local)}, or just the quoted host when it was written in full. */
    static String describe(String written, String resolved) {
        return written.equals(resolved) ? Fields.quote(written) : Fields.quote(written) + " (" + resolved + ")";
    }
}
