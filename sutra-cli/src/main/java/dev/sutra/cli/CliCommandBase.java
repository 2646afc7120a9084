package dev.sutra.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** What every subcommand shares: where its output goes (picocli's writers, so tests can capture it). */
public abstract class CliCommandBase {

    @CommandLine.Spec
    protected CommandLine.Model.CommandSpec spec;

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
