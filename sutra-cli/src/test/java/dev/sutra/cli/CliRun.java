package dev.sutra.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the {@code sutra} command inside the test JVM, with its exit code and output. */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Sutra.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
