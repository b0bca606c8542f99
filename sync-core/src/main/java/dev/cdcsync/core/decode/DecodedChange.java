package dev.cdcsync.core.decode;

import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.model.TableSchema;

/**
 * A decoded row change with the source table's schema as this very event describes it
 * (null for a truncate, which carries no row). Both name the <em>source</em> table.
 */
public record DecodedChange(DataChange change, TableSchema sourceSchema) {
}
