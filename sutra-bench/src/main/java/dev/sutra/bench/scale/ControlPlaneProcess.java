package dev.sutra.bench.scale;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@link ScaleControlPlane} child JVM: started with this JVM's java and class path, spoken to
 * over its standard input and output. Its log (standard error) goes to a file, and the push
 * durations it logs are collected for the report.
 */
final class ControlPlaneProcess implements AutoCloseable {

    private static final Pattern PUSH = Pattern.compile("push (\\d+): .* (\\d+) proxies updated in (\\d+) ms");

    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    private final List<Push> pushes = new ArrayList<>();
    private final int xdsPort;
    private final int apiPort;

    /** One push the control plane logged: its number, proxies updated, compute time, when seen. */
    record Push(int number, int updated, long millis, long seenNanos) {
    }

    private ControlPlaneProcess(Process process, Path log) throws IOException {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread logger = new Thread(() -> copyLog(log), "scale-cp-log");
        logger.setDaemon(true);
        logger.start();
        // The JVM may print first (JFR's start-up line, say): skip to the control plane's own.
        String ready = out.readLine();
        while (ready != null && !ready.startsWith("READY ")) {
            ready = out.readLine();
        }
        if (ready == null) {
            throw new IOException("control plane did not start; see " + log);
        }
        String[] parts = ready.split(" ");
        this.xdsPort = Integer.parseInt(parts[1]);
        this.apiPort = Integer.parseInt(parts[2]);
    }

    /** Starts a control plane over {@code configDir}, with extra JVM options. */
    static ControlPlaneProcess start(Path configDir, Path stateDir, long debounceMillis, List<String> jvmOptions,
            Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ScaleControlPlane.class.getName());
        command.add(configDir.toString());
        command.add(stateDir.toString());
        command.add(Long.toString(debounceMillis));
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(command).start();
        return new ControlPlaneProcess(p, log);
    }

    long pid() {
        return process.pid();
    }

    int xdsPort() {
        return xdsPort;
    }

    int apiPort() {
        return apiPort;
    }

    /** Heap used after a full GC, and the process's resident memory, in bytes. */
    Memory memory() {
        String[] parts = ask("heap", "HEAP");
        return new Memory(Long.parseLong(parts[1]), Long.parseLong(parts[3]));
    }

    /** Heap used after a full GC and resident set size, bytes. */
    record Memory(long heapUsed, long rss) {
    }

    /** {@code [proxies, connected, types, acked, nacked]} as the control plane sees them. */
    long[] status() {
        String[] parts = ask("status", "STATUS");
        long[] values = new long[parts.length - 1];
        for (int i = 1; i < parts.length; i++) {
            values[i - 1] = Long.parseLong(parts[i]);
        }
        return values;
    }

    /** The pushes logged so far. */
    synchronized List<Push> pushes() {
        return List.copyOf(pushes);
    }

    private synchronized String[] ask(String command, String answer) {
        in.println(command);
        try {
            String line = out.readLine();
            if (line == null || !line.startsWith(answer + " ")) {
                throw new IllegalStateException("control plane answered \"" + line + "\" to " + command);
            }
            return line.split(" ");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void copyLog(Path log) {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8)); var writer = Files.newBufferedWriter(log)) {
            String line;
            while ((line = err.readLine()) != null) {
                writer.write(line);
                writer.newLine();
                writer.flush();
                Matcher m = PUSH.matcher(line);
                if (m.find()) {
                    synchronized (this) {
                        pushes.add(new Push(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                                Long.parseLong(m.group(3)), System.nanoTime()));
                    }
                }
            }
        } catch (IOException e) {
            // The process ended; its log is complete.
        }
    }

    @Override
    public void close() {
        in.println("quit");
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
        }
    }
}
