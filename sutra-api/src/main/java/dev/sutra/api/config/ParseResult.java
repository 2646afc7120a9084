package dev.sutra.api.config;

import java.util.ArrayList;
import java.util.List;

/** The resources a source defined and the errors found in it. A result with errors applies nothing. */
public record ParseResult(List<ConfigResource<?>> resources, List<ConfigError> errors) {

    public ParseResult {
        resources = List.copyOf(resources);
        errors = List.copyOf(errors);
    }

    public boolean ok() {
        return errors.isEmpty();
    }

    /** Both results together, as for the files of one directory. */
    public ParseResult plus(ParseResult other) {
        List<ConfigResource<?>> r = new ArrayList<>(resources);
        r.addAll(other.resources);
        List<ConfigError> e = new ArrayList<>(errors);
        e.addAll(other.errors);
        return new ParseResult(r, e);
    }
}
