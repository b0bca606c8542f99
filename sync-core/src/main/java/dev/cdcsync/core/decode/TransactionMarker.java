package dev.cdcsync.core.decode;

import java.util.Optional;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Struct;

/**
 * Debezium's transaction boundaries ({@code provide.transaction.metadata}): a BEGIN before the first
 * change of a source transaction and an END after its last.
 */
public enum TransactionMarker {
    BEGIN, END;

    private static final String SCHEMA = "io.debezium.connector.common.TransactionMetadataValue";

    public static Optional<TransactionMarker> of(ConnectRecord<?> record) {
        if (record.value() instanceof Struct s && SCHEMA.equals(s.schema().name()) && s.schema().field("status") != null) {
            return switch (String.valueOf(s.get("status"))) {
                case "BEGIN" -> Optional.of(BEGIN);
                case "END" -> Optional.of(END);
                default -> Optional.empty();
            };
        }
        return Optional.empty();
    }
}
