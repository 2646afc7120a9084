package dev.sutra.api.analyze;

import java.util.List;

/** A named table row for analyzer tests: config added to bookinfo as case.yaml, and the lines expected. */
record AnalyzerCase(String name, String yaml, List<String> expected) {

    static AnalyzerCase of(String name, String yaml, String... expected) {
        return new AnalyzerCase(name, yaml, List.of(expected));
    }

    @Override
    public String toString() {
        return name;
    }
}
