package dev.sutra.proxy.xds;

import dev.sutra.proxy.config.InvalidConfigException;

/**
 * Turns a candidate snapshot into running config. Called on the xDS client's own thread, one call
 * at a time.
 */
@FunctionalInterface
public interface ConfigApplier {

    /**
     * Compiles and applies everything in candidate, or throws and changes nothing (the client then
     * NACKs with the message). Any other {@link RuntimeException} is NACKed with its message too.
     */
    void apply(XdsSnapshot candidate) throws InvalidConfigException;
}
