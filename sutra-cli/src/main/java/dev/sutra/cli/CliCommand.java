package dev.sutra.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** What every subcommand shares: where its output goes (picocli's writers, so tests can capture it). */
abstract class CliCommand {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
