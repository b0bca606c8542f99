package dev.cdcsync.core.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.spi.DeadLetter;
import dev.cdcsync.core.spi.DeadLetterStore;
import dev.cdcsync.core.spi.RowRejectedException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/** The daemon's {@link DeadLetters}: each record or row becomes a {@link DeadLetter} in a {@link DeadLetterStore}. */
public final class DeadLetterRecorder implements DeadLetters {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String pipeline;
    private final DeadLetterStore store;

    public DeadLetterRecorder(String pipeline, DeadLetterStore store) {
        this.pipeline = pipeline;
        this.store = store;
    }

    @Override
    public void undecodable(SourceEvent event, RuntimeException error) {
        store.store(new DeadLetter(pipeline, "record " + event.where(), null, null, event.where(), error.getMessage(),
                event.record() == null ? null : String.valueOf(event.record().value()), Instant.now()));
    }

    @Override
    public void rejected(SourceEvent origin, DataChange change, RowRejectedException error) {
        Map<String, Object> row = change.after() != null ? change.after() : change.before();
        store.store(new DeadLetter(pipeline, change.id(), change.table().toString(),
                change.key() == null ? null : change.key().toString(), change.position().description(), error.getMessage(),
                row == null ? null : json(row), Instant.now()));
    }

    /** The row as JSON: numbers, booleans and text as themselves (exact decimals kept), bytes as base64, the rest as text. */
    static String json(Map<String, Object> row) {
        ObjectNode node = JSON.createObjectNode();
        row.forEach((column, value) -> {
            if (value == null) {
                node.putNull(column);
            } else if (value instanceof Boolean b) {
                node.put(column, b);
            } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
                node.put(column, ((Number) value).longValue());
            } else if (value instanceof BigDecimal d) {
                node.put(column, d);
            } else if (value instanceof BigInteger i) {
                node.put(column, i);
            } else if (value instanceof Double d && Double.isFinite(d)) {
                node.put(column, d);
            } else if (value instanceof Float f && Float.isFinite(f)) {
                node.put(column, f);
            } else if (value instanceof dev.cdcsync.core.model.SpecialValue special) {
                node.put(column, switch (special) { // PostgreSQL's spelling, which its input functions read back
                    case POSITIVE_INFINITY -> "Infinity";
                    case NEGATIVE_INFINITY -> "-Infinity";
                    case NAN -> "NaN";
                    case END_OF_DAY -> "24:00:00";
                });
            } else if (value instanceof byte[] bytes) {
                node.put(column, Base64.getEncoder().encodeToString(bytes));
            } else {
                node.put(column, value.toString());
            }
        });
        return node.toString();
    }
}
