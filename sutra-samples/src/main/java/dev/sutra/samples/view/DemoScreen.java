package dev.sutra.samples.view;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link DemoSnapshot} as one screen of text; a pure function of the snapshot and mode.
 * In {@link ViewMode#ANSI} the frame starts with cursor-home and ends every line with erase-to-end,
 * then erases below, so redrawing in place never flickers or leaves stale text; in
 * {@link ViewMode#PLAIN} it is bare text with ASCII bars, followed by a blank line.
 */
public final class DemoScreen {

    private static final String ESC = "\u001b[";
    private static final String HOME = ESC + "H";
    private static final String ERASE_LINE = ESC + "K";
    private static final String ERASE_BELOW = ESC + "J";
    private static final String RESET = ESC + "0m";
    private static final String BOLD = ESC + "1m";
    private static final String DIM = ESC + "2m";
    private static final String RED = ESC + "31m";
    private static final String GREEN = ESC + "32m";
    private static final String YELLOW = ESC + "33m";
    private static final String CYAN = ESC + "36m";

    private static final int BAR_WIDTH = 30;
    private static final int NAME_WIDTH = 12;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private DemoScreen() {
    }

    /** The frame for a snapshot. */
    public static String render(DemoSnapshot snapshot, ViewMode mode) {
        requireNonNull(snapshot, "snapshot");
        boolean ansi = requireNonNull(mode, "mode") == ViewMode.ANSI;
        List<String> lines = new ArrayList<>();
        lines.add(style(ansi, BOLD, snapshot.title()) + "   " + snapshot.time().format(CLOCK)
                + "   last " + span(snapshot.window()));
        lines.add("");
        lines.add(style(ansi, DIM, String.format(Locale.ROOT, "%-" + NAME_WIDTH + "s %7s %8s %9s %9s",
                "SERVICE", "RPS", "SUCCESS", "P50", "P99")));
        for (ServiceRow row : snapshot.services()) {
            lines.add(row(row, ansi));
        }
        lines.add("");
        lines.add(style(ansi, DIM, "REVIEWS BY VERSION") + " (" + responses(snapshot) + " responses)");
        for (VersionShare share : snapshot.reviewsSplit()) {
            lines.add(bar(share, ansi));
        }
        if (!snapshot.upstreamErrors().isEmpty()) {
            lines.add("");
            lines.add(style(ansi, RED, "UPSTREAM ERRORS") + " " + errors(snapshot.upstreamErrors()));
        }
        if (!snapshot.help().isEmpty()) {
            lines.add("");
            lines.add(snapshot.help());
        }
        if (!snapshot.status().isEmpty()) {
            lines.add("");
            lines.addAll(snapshot.status());
        }
        return ansi ? ansiFrame(lines) : plainFrame(lines);
    }

    private static String row(ServiceRow row, boolean ansi) {
        String success = Double.isNaN(row.successRate()) ? "-"
                : String.format(Locale.ROOT, "%.1f%%", row.successRate() * 100);
        String color = Double.isNaN(row.successRate()) ? "" : row.successRate() >= 0.995 ? GREEN
                : row.successRate() >= 0.95 ? YELLOW : RED;
        return String.format(Locale.ROOT, "%-" + NAME_WIDTH + "s %7.1f ", row.name(), row.rps())
                + style(ansi && !color.isEmpty(), color, String.format(Locale.ROOT, "%8s", success))
                + String.format(Locale.ROOT, " %9s %9s", millis(row.p50Millis()), millis(row.p99Millis()));
    }

    private static String bar(VersionShare share, boolean ansi) {
        int filled = (int) Math.round(Math.max(0, Math.min(1, share.share())) * BAR_WIDTH);
        String bar = (ansi ? "\u2588" : "#").repeat(filled);
        String rest = (ansi ? " " : ".").repeat(BAR_WIDTH - filled);
        return String.format(Locale.ROOT, "  %-4s ", share.version()) + style(ansi, CYAN, bar) + rest
                + String.format(Locale.ROOT, " %3d%%", Math.round(share.share() * 100));
    }

    private static long responses(DemoSnapshot snapshot) {
        return snapshot.reviewsSplit().stream().mapToLong(VersionShare::responses).sum();
    }

    private static String errors(Map<String, Long> errors) {
        StringBuilder out = new StringBuilder();
        errors.forEach((service, n) -> out.append(out.isEmpty() ? "" : "  ").append(service).append(' ').append(n));
        return out.toString();
    }

    /** Milliseconds as people read them: {@code 0.04 ms}, {@code 12.0 ms}, {@code 250 ms}, {@code 3.00 s}. */
    static String millis(double ms) {
        if (Double.isNaN(ms)) {
            return "-";
        }
        if (ms >= 1000) {
            return String.format(Locale.ROOT, "%.2f s", ms / 1000);
        }
        return String.format(Locale.ROOT, ms >= 100 ? "%.0f ms" : ms >= 1 ? "%.1f ms" : "%.2f ms", ms);
    }

    private static String span(Duration window) {
        long millis = window.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }

    private static String style(boolean ansi, String code, String text) {
        return ansi ? code + text + RESET : text;
    }

    private static String ansiFrame(List<String> lines) {
        StringBuilder out = new StringBuilder(HOME);
        for (String line : lines) {
            out.append(line).append(ERASE_LINE).append('\n');
        }
        return out.append(ERASE_BELOW).toString();
    }

    private static String plainFrame(List<String> lines) {
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line).append('\n');
        }
        return out.append('\n').toString();
    }
}
