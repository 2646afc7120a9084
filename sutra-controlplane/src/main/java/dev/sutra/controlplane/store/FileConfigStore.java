package dev.sutra.controlplane.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sutra.api.config.ConfigError;
import dev.sutra.api.config.ConfigParser;
import dev.sutra.api.config.ConfigResource;
import dev.sutra.api.config.ConfigSnapshot;
import dev.sutra.api.config.ParseResult;
import dev.sutra.api.config.ResourceKey;
import dev.sutra.api.config.SourcePosition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default store: config is the YAML and JSON files of one directory tree. The
 * directory is watched; an edit reloads the whole tree atomically, and an edit with any error is
 * reported and changes nothing. Applied config is written back into the directory (into the file
 * that already holds a resource, else a new file), so a restart keeps it.
 */
public final class FileConfigStore implements ConfigStore {

    private static final Logger log = LoggerFactory.getLogger(FileConfigStore.class);
    private static final long RELOAD_DELAY_MILLIS = 150;

    private final ConfigFiles files;
    private final ConfigParser parser = new ConfigParser();
    private final ConfigCheck check;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final List<Consumer<ConfigSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sutra-config-store");
        t.setDaemon(true);
        return t;
    });
    private final Object lock = new Object();
    private final WatchService watcher;
    private final Thread watchThread;
    private ScheduledFuture<?> pendingReload;
    private volatile ConfigSnapshot current = ConfigSnapshot.empty();
    private volatile StoreStatus status = new StoreStatus(0, Instant.now(), 0, List.of(), Instant.EPOCH);
    private Map<ResourceKey, String> fingerprint = Map.of();

    private FileConfigStore(Path dir, ConfigCheck check) throws IOException {
        this.files = new ConfigFiles(dir);
        this.check = check;
        this.watcher = FileSystems.getDefault().newWatchService();
        this.watchThread = new Thread(this::watchLoop, "sutra-config-watch");
        this.watchThread.setDaemon(true);
    }

    /** Opens (creating if needed) the directory, loads it, and starts watching it. */
    public static FileConfigStore open(Path dir, ConfigCheck check) throws IOException {
        Files.createDirectories(dir);
        FileConfigStore store = new FileConfigStore(dir.toAbsolutePath().normalize(), check);
        store.registerTree(store.files.dir());
        store.reload();
        store.watchThread.start();
        return store;
    }

    @Override
    public ConfigSnapshot current() {
        return current;
    }

    @Override
    public StoreStatus status() {
        return status;
    }

    @Override
    public void addListener(Consumer<ConfigSnapshot> listener) {
        listeners.add(listener);
    }

    /** Reads the whole directory again; publishes the result if it is valid and differs. */
    public void reload() {
        synchronized (lock) {
            ParseResult result = readAll();
            List<ConfigError> errors = new ArrayList<>(result.errors());
            if (errors.isEmpty()) {
                errors.addAll(check.check(result.resources()));
            }
            if (!errors.isEmpty()) {
                reject(errors, "config directory " + files.dir());
                return;
            }
            publish(result.resources());
        }
    }

    @Override
    public ApplyResult apply(List<SourceText> sources) {
        synchronized (lock) {
            ParseResult parsed = new ParseResult(List.of(), List.of());
            for (SourceText source : sources) {
                parsed = parsed.plus(parser.parse(source.name(), source.text()));
            }
            if (!parsed.ok()) {
                return new ApplyResult.Rejected(parsed.errors());
            }
            if (parsed.resources().isEmpty()) {
                String names = String.join(", ", sources.stream().map(SourceText::name).toList());
                return new ApplyResult.Rejected(List.of(new ConfigError(SourcePosition.unknown(names), null, null,
                        "no resources to apply")));
            }
            List<ConfigError> duplicates = ConfigSnapshot.duplicates(parsed.resources());
            if (!duplicates.isEmpty()) {
                return new ApplyResult.Rejected(duplicates);
            }
            Map<ResourceKey, ConfigResource<?>> candidate = new HashMap<>();
            current.all().forEach(r -> candidate.put(r.key(), r));
            List<ApplyResult.Change> changes = new ArrayList<>();
            for (ConfigResource<?> r : parsed.resources()) {
                ConfigResource<?> old = candidate.put(r.key(), r);
                ApplyResult.Action action = old == null ? ApplyResult.Action.CREATED
                        : Objects.equals(old.object(), r.object()) ? ApplyResult.Action.UNCHANGED
                        : ApplyResult.Action.CONFIGURED;
                changes.add(new ApplyResult.Change(r.key(), action));
            }
            List<ConfigError> errors = check.check(candidate.values());
            if (!errors.isEmpty()) {
                return new ApplyResult.Rejected(errors);
            }
            try {
                for (ConfigResource<?> r : parsed.resources()) {
                    write(r);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write config into " + files.dir(), e);
            }
            reload();
            return new ApplyResult.Applied(changes, current.revision());
        }
    }

    @Override
    public boolean delete(ResourceKey key) {
        synchronized (lock) {
            ConfigResource<?> existing = current.get(key).orElse(null);
            if (existing == null) {
                return false;
            }
            try {
                files.remove(existing);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + key + " from " + existing.source().file(), e);
            }
            reload();
            return true;
        }
    }

    private void write(ConfigResource<?> resource) throws IOException {
        ConfigResource<?> existing = current.get(resource.key()).orElse(null);
        if (existing == null) {
            files.create(resource.key(), resource.source().text());
            return;
        }
        String text = existing.source().file().endsWith(".json")
                ? json.writeValueAsString(resource.object()) + "\n"
                : resource.source().text();
        files.replace(existing, text);
    }

    private ParseResult readAll() {
        ParseResult all = new ParseResult(List.of(), List.of());
        try {
            for (Path file : files.list()) {
                all = all.plus(parser.parse(file));
            }
        } catch (IOException e) {
            return new ParseResult(List.of(), List.of(new ConfigError(SourcePosition.unknown(files.dir().toString()),
                    null, null, "cannot read: " + e.getMessage())));
        }
        List<ConfigError> duplicates = ConfigSnapshot.duplicates(all.resources());
        return duplicates.isEmpty() ? all : new ParseResult(all.resources(), concat(all.errors(), duplicates));
    }

    private void publish(List<ConfigResource<?>> resources) {
        Map<ResourceKey, String> next = new HashMap<>();
        for (ConfigResource<?> r : resources) {
            next.put(r.key(), r.source().file() + "#" + r.source().document() + "\n" + r.source().text());
        }
        status = new StoreStatus(current.revision(), status.loadedAt(), resources.size(), List.of(), Instant.EPOCH);
        if (next.equals(fingerprint)) {
            return;
        }
        fingerprint = next;
        current = ConfigSnapshot.of(resources, current.revision() + 1);
        status = new StoreStatus(current.revision(), Instant.now(), resources.size(), List.of(), Instant.EPOCH);
        log.info("config revision {} in force: {} resources from {}", current.revision(), resources.size(),
                files.dir());
        for (Consumer<ConfigSnapshot> listener : listeners) {
            listener.accept(current);
        }
    }

    private void reject(List<ConfigError> errors, String what) {
        status = new StoreStatus(current.revision(), status.loadedAt(), current.size(), errors, Instant.now());
        StringBuilder message = new StringBuilder();
        for (ConfigError e : errors) {
            message.append("\n  ").append(e);
        }
        log.warn("{} has {} error(s); revision {} stays in force:{}", what, errors.size(), current.revision(), message);
    }

    private void watchLoop() {
        while (true) {
            WatchKey key;
            try {
                key = watcher.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            for (var event : key.pollEvents()) {
                if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && event.context() instanceof Path name) {
                    Path created = ((Path) key.watchable()).resolve(name);
                    if (Files.isDirectory(created)) {
                        registerTree(created);
                    }
                }
            }
            key.reset();
            scheduleReload();
        }
    }

    private void scheduleReload() {
        synchronized (executor) {
            if (pendingReload != null) {
                pendingReload.cancel(false);
            }
            // Editors write in several steps; reload once the directory has been quiet briefly.
            pendingReload = executor.schedule(this::reload, RELOAD_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void registerTree(Path root) {
        try (Stream<Path> dirs = Files.walk(root)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                d.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        } catch (IOException e) {
            log.warn("cannot watch {}: {}", root, e.getMessage());
        }
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            log.debug("closing the config watcher", e);
        }
        executor.shutdownNow();
    }
}
