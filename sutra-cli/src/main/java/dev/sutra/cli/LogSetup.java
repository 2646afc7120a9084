package dev.sutra.cli;

import org.slf4j.bridge.SLF4JBridgeHandler;

/** Routes java.util.logging (gRPC, the JDK) into SLF4J, and takes the level from SUTRA_LOG_LEVEL. */
final class LogSetup {

    private LogSetup() {
    }

    static void init() {
        String level = System.getenv("SUTRA_LOG_LEVEL");
        if (level != null && System.getProperty("sutra.log.level") == null) {
            System.setProperty("sutra.log.level", level);
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }
}
