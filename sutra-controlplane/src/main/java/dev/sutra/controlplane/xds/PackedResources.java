package dev.sutra.controlplane.xds;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.sutra.api.Nullable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Resources of one type, packed for the wire once and hashed: the unit the cache shares between
 * proxies (every proxy of a class holds the same instance of its outbound clusters, say). Packing
 * here rather than per response means a push serializes each shared resource once, not once per
 * proxy. Immutable.
 */
final class PackedResources {

    static final PackedResources EMPTY = new PackedResources(Collections.emptySortedMap(), hash(Map.of()));

    /** At most this many diffs are remembered; proxies lag a push or two behind, not more. */
    private static final int MAX_DIFFS = 8;

    private final SortedMap<String, Any> byName;
    /** The same by hash, for requests that name hundreds of resources (EDS). */
    private final Map<String, Any> index;
    private final String hash;
    /** Names changed since an older group, by that group's hash: one diff serves a whole class. */
    private final Map<String, Optional<List<String>>> diffs = new ConcurrentHashMap<>();

    private PackedResources(SortedMap<String, Any> byName, String hash) {
        this.byName = byName;
        this.index = new HashMap<>(byName);
        this.hash = hash;
    }

    /** Packs {@code resources} (by name). */
    static PackedResources pack(SortedMap<String, ? extends Message> resources) {
        return pack(resources, Any::pack);
    }

    /** Packs {@code resources} (by name) with {@code packer}, which may hand out an earlier packing. */
    static PackedResources pack(SortedMap<String, ? extends Message> resources, Function<Message, Any> packer) {
        if (resources.isEmpty()) {
            return EMPTY;
        }
        SortedMap<String, Any> packed = new TreeMap<>();
        for (Map.Entry<String, ? extends Message> e : resources.entrySet()) {
            packed.put(e.getKey(), packer.apply(e.getValue()));
        }
        return new PackedResources(Collections.unmodifiableSortedMap(packed), hash(packed));
    }

    /** The resource named {@code name}, or null. */
    @Nullable
    Any get(String name) {
        return index.get(name);
    }

    /** The packed resources by name, in name order. */
    SortedMap<String, Any> byName() {
        return byName;
    }

    /**
     * The names whose resource is different here compared with {@code older} (a group of the same
     * kind from an earlier push), in name order; null when the two do not hold the same names.
     * Computed once per older group and remembered by its content hash, so every proxy of a class
     * that held {@code older} shares the work.
     */
    @Nullable
    List<String> changedSince(PackedResources older) {
        if (older == this || older.hash.equals(hash)) {
            return List.of();
        }
        Optional<List<String>> known = diffs.get(older.hash);
        if (known == null) {
            known = Optional.ofNullable(diff(older));
            if (diffs.size() >= MAX_DIFFS) {
                diffs.clear();
            }
            diffs.put(older.hash, known);
        }
        return known.orElse(null);
    }

    private @Nullable List<String> diff(PackedResources older) {
        if (!byName.keySet().equals(older.byName.keySet())) {
            return null;
        }
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, Any> e : byName.entrySet()) {
            if (!e.getValue().equals(older.index.get(e.getKey()))) {
                changed.add(e.getKey());
            }
        }
        return List.copyOf(changed);
    }

    boolean isEmpty() {
        return byName.isEmpty();
    }

    /** A content hash: equal resources give equal hashes, whatever instance holds them. */
    String hash() {
        return hash;
    }

    /**
     * A hash of a sequence of resource groups: the version of a type whose resources come in
     * several groups (one proxy's own and its class's shared ones). One group's version is its own
     * hash, so an unsplit type keeps the version a single hash gives it.
     */
    static String combine(PackedResources... groups) {
        PackedResources only = null;
        int nonEmpty = 0;
        for (PackedResources g : groups) {
            if (!g.isEmpty()) {
                only = g;
                nonEmpty++;
            }
        }
        if (nonEmpty == 0) {
            return EMPTY.hash;
        }
        if (nonEmpty == 1) {
            return only.hash;
        }
        MessageDigest digest = sha256();
        for (PackedResources g : groups) {
            digest.update(g.hash.getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) ';');
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 8);
    }

    private static String hash(Map<String, Any> resources) {
        MessageDigest digest = sha256();
        for (Map.Entry<String, Any> e : resources.entrySet()) {
            digest.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            ByteString bytes = e.getValue().getValue();
            digest.update(ByteBuffer.allocate(4).putInt(bytes.size()).array());
            digest.update(bytes.asReadOnlyByteBuffer());
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
