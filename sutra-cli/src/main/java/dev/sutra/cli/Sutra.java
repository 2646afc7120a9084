package dev.sutra.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code sutra} command: the control plane, the proxy, the demo and the operators' tools in one
 * jar. Exit codes: 0 success, 1 the command failed, 2 usage error.
 */
@Command(name = "sutra", mixinStandardHelpOptions = true, versionProvider = Sutra.Version.class,
        description = "A service mesh: Istio's config, Envoy's xDS, a Java data plane.",
        subcommands = {
            ControlPlaneCommand.class,
            ProxyCommand.class,
            dev.sutra.cli.demo.DemoCommand.class,
            AnalyzeCommand.class,
            ApplyCommand.class,
            GetCommand.class,
            DeleteCommand.class,
            ProxyStatusCommand.class,
            BootstrapCommand.class,
            TokenCommand.class,
            CheckCommand.class,
            CaCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class Sutra implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code. */
    public static int run(String... args) {
        return run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** Runs a command line with its output going to {@code out} and {@code err}, as tests need. */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        LogSetup.init();
        return new CommandLine(new Sutra())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .registerConverter(java.time.Duration.class, new DurationConverter())
                .setOut(out)
                .setErr(err)
                .execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The version from the jar's manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Sutra.class.getPackage().getImplementationVersion();
            return new String[] {"sutra " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
        }
    }
}
