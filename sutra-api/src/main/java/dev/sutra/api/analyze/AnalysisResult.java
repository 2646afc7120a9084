package dev.sutra.api.analyze;

import dev.sutra.api.analyze.Finding.Level;
import java.util.List;

/**
 * The findings of one analysis, sorted by file and line. The CLI prints {@link #findings()} one per
 * line and exits 2 when {@link #hasErrors()}, 1 when only {@link #hasWarnings()} and asked to fail
 * on warnings, 0 otherwise.
 */
public record AnalysisResult(List<Finding> findings) {

    public AnalysisResult {
        findings = findings.stream().sorted().toList();
    }

    public boolean hasErrors() {
        return count(Level.ERROR) > 0;
    }

    public boolean hasWarnings() {
        return count(Level.WARNING) > 0;
    }

    /** Whether nothing at all was found. */
    public boolean isClean() {
        return findings.isEmpty();
    }

    public long count(Level level) {
        return findings.stream().filter(f -> f.level() == level).count();
    }

    /** The findings as printed, one per line. */
    public List<String> lines() {
        return findings.stream().map(Finding::toString).toList();
    }
}
