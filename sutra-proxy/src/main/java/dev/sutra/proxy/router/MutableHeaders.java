package dev.sutra.proxy.router;

/**
 * The few header operations {@link HeaderMutations#apply} needs, implemented by the HTTP layer over
 * its own header map. Names are lower case.
 */
public interface MutableHeaders {

    /** Whether at least one value of {@code name} is present. */
    boolean contains(String name);

    /** Adds a value, keeping existing ones. */
    void add(String name, String value);

    /** Removes every value of {@code name}. */
    void remove(String name);
}
