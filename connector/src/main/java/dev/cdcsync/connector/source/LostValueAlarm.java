package dev.cdcsync.connector.source;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.LoggerFactory;

/**
 * Debezium reports a few losses only in its log: a value of an unexpected class becomes NULL ("Unexpected value for
 * JDBC type"), a column without a converter is left out of every event ("No converter found for column"). cdc-sync's
 * settings and converter keep every known type off those paths; this alarm catches what is left, so that such a
 * record stops its pipeline before it is written instead of landing with a NULL or a missing column.
 * A warning is pinned to a pipeline by Debezium's logging context; one without it raises the alarm for every pipeline.
 */
public final class LostValueAlarm extends AppenderBase<ILoggingEvent> {

    private static final List<String> LOSSES = List.of("Unexpected value for JDBC type", "No converter found for column",
            "Failed to properly convert data value", "Failed to parse and read a JSON value");
    private static final String CONNECTOR = "dbz.connectorLogicalName";
    private static final String UNKNOWN = "";
    private static final Map<String, String> RAISED = new ConcurrentHashMap<>();
    private static volatile boolean installed;

    /** Listens to every logger from now on; once per JVM. */
    static synchronized void install() {
        if (installed || !(LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context)) {
            return;
        }
        LostValueAlarm alarm = new LostValueAlarm();
        alarm.setContext(context);
        alarm.setName("cdc-sync-lost-value-alarm");
        alarm.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(alarm);
        installed = true;
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (!event.getLevel().isGreaterOrEqual(Level.WARN) || event.getMessage() == null
                || LOSSES.stream().noneMatch(event.getMessage()::startsWith)) {
            return;
        }
        String connector = event.getMDCPropertyMap().getOrDefault(CONNECTOR, UNKNOWN);
        RAISED.putIfAbsent(connector, event.getFormattedMessage());
    }

    /** What Debezium lost for this connector (by its logical name) or for one it could not name, if anything. */
    static Optional<String> raised(String connector) {
        return Optional.ofNullable(RAISED.getOrDefault(connector, RAISED.get(UNKNOWN)));
    }

    /** Forgets this connector's alarm: a new connector starts (it will raise it again if the loss recurs). */
    static void reset(String connector) {
        RAISED.remove(connector);
        RAISED.remove(UNKNOWN);
    }
}
