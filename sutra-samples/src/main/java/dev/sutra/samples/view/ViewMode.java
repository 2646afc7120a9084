package dev.sutra.samples.view;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Map;

/** How the view draws: redrawing in place with ANSI sequences, or plain text blocks. */
public enum ViewMode {
    /** Cursor home, erase, bold and colour: one screen redrawn in place. */
    ANSI,
    /** No escape sequences: blocks of text one after another, for dumb terminals, pipes and logs. */
    PLAIN;

    /** ANSI when standard output is a terminal that is not {@code TERM=dumb}; plain otherwise. */
    public static ViewMode detect() {
        return detect(System.getenv(), isTerminal());
    }

    /** The choice {@link #detect()} makes, for a given environment and terminal. */
    public static ViewMode detect(Map<String, String> env, boolean terminal) {
        String term = env.getOrDefault("TERM", "");
        return terminal && !term.isEmpty() && !term.equals("dumb") ? ANSI : PLAIN;
    }

    /**
     * Whether standard input and output are a terminal. Until JDK 22 {@code System.console()} is
     * null otherwise; from 22 it may exist anyway and {@code Console.isTerminal()} (not in the 21 API
     * this is compiled against) tells.
     */
    private static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
