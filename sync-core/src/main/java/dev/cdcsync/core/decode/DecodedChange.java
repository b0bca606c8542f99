package dev.cdcsync.core.decode;

import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.model.TableSchema;

/**
 * A decoded row change with the source table's schema as this very event describes it
 * (null for a truncate, which carries no row). Both name the <em>source</em> table.
 *
 * @param startsTableSnapshot the first row of a table's initial snapshot: everything the target
 *                            held for that table before is superseded (a re-run snapshot after a
 *                            crash must not append its rows twice to a table without a key)
 * @param endsSnapshot        the last row of the initial snapshot: the tables it emptied take any change after it
 */
public record DecodedChange(DataChange change, TableSchema sourceSchema, boolean startsTableSnapshot,
                            boolean endsSnapshot) {

    public DecodedChange(DataChange change, TableSchema sourceSchema, boolean startsTableSnapshot) {
        this(change, sourceSchema, startsTableSnapshot, false);
    }
}
