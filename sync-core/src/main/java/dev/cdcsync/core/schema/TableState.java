package dev.cdcsync.core.schema;

import dev.cdcsync.core.model.TableSchema;
import java.util.Set;

/**
 * What the pipeline knows about one target table.
 *
 * @param lastIncoming the source row schema last seen (compared by identity: Debezium reuses schema objects)
 * @param target       the table as the target has it
 * @param leftOut      source columns the target does not have (their values are dropped from rows)
 */
public record TableState(TableSchema lastIncoming, TableSchema target, Set<String> leftOut) {
}
