package dev.sutra.bench.scale;

import dev.sutra.api.Nullable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The scale simulation's options.
 *
 * @param points the (services, proxies) pairs to run, in order
 * @param namespaces namespaces the services are spread over
 * @param changes how many edits of each kind to time per point
 * @param debounceMillis the control plane's push debounce
 * @param maxChannels at most this many gRPC channels for the fleet (one per 100 proxies below that)
 * @param workDir where each point's config, state and control-plane log go
 * @param controlPlaneJvm options for the control plane's JVM (heap, GC, JFR, ...)
 */
record ScaleOptions(List<int[]> points, int namespaces, int changes, long debounceMillis, int maxChannels,
        Path workDir, List<String> controlPlaneJvm) {

    static final String USAGE = """
            usage: ControlPlaneScale [options]
              --points 100x200,500x1000,1000x2000   services x proxies to run (default 1000x2000)
              --namespaces 10                       namespaces the services are spread over
              --changes 10                          edits of each kind (endpoints, routes) timed per point
              --debounce-ms 100                     the control plane's push debounce
              --max-channels 20                     gRPC channels the fleet shares (1 per 100 proxies)
              --work-dir target/scale               config, state and logs of each point
              --cp-jvm "<options>"                  JVM options of the control plane (repeatable)
            """;

    /** Parses {@code args}; null when help was asked for. */
    static @Nullable ScaleOptions parse(String[] args) {
        List<int[]> points = List.<int[]>of(new int[] {1000, 2000});
        int namespaces = 10;
        int changes = 10;
        long debounce = 100;
        int maxChannels = 20;
        Path workDir = Path.of("target", "scale");
        List<String> jvm = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return null;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(arg + ": a value is required\n" + USAGE);
            }
            String value = args[++i];
            switch (arg) {
                case "--points" -> points = points(value);
                case "--namespaces" -> namespaces = Integer.parseInt(value);
                case "--changes" -> changes = Integer.parseInt(value);
                case "--debounce-ms" -> debounce = Long.parseLong(value);
                case "--max-channels" -> maxChannels = Integer.parseInt(value);
                case "--work-dir" -> workDir = Path.of(value);
                case "--cp-jvm" -> jvm.addAll(Arrays.asList(value.trim().split("\\s+")));
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
            }
        }
        jvm.removeIf(String::isEmpty);
        return new ScaleOptions(points, namespaces, changes, debounce, maxChannels, workDir, List.copyOf(jvm));
    }

    private static List<int[]> points(String value) {
        List<int[]> out = new ArrayList<>();
        for (String p : value.split(",")) {
            String[] parts = p.trim().split("x");
            if (parts.length != 2) {
                throw new IllegalArgumentException("--points: " + p + " (expected: <services>x<proxies>)");
            }
            out.add(new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])});
        }
        return out;
    }
}
