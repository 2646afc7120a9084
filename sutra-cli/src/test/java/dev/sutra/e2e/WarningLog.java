package dev.sutra.e2e;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The WARN and ERROR lines Sutra's components (proxies and control plane in this JVM) log during a test. */
final class WarningLog implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.sutra");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    WarningLog() {
        appender.start();
        logger.addAppender(appender);
    }

    List<String> lines() {
        synchronized (appender.list) {
            return appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .map(e -> e.getLoggerName().substring(e.getLoggerName().lastIndexOf('.') + 1) + ": "
                            + e.getFormattedMessage())
                    .toList();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
