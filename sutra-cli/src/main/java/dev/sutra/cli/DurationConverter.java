package dev.sutra.cli;

import dev.sutra.api.OperatorDurations;
import java.time.Duration;
import picocli.CommandLine;

/** OperatorDurations on command lines, as {@link OperatorDurations} reads them: {@code 500ms}, {@code 30s}, {@code 24h}, {@code PT24H}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return OperatorDurations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
