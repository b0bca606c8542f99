package dev.cdcsync.core.schema;

import dev.cdcsync.core.model.Column;
import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.SchemaChange;
import dev.cdcsync.core.model.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * What changed between the schema a target has and the schema an incoming row has: columns, their types and the
 * primary key. A rename cannot be seen in row schemas; it shows as a drop and an add.
 */
public final class SchemaDiff {

    private SchemaDiff() {
    }

    /**
     * @param current  the target's schema, null if the target has no such table
     * @param incoming the row's schema, already named as the target table
     * @param sameStorage whether the target stores two types identically (so a change between them is none)
     */
    public static List<SchemaChange> between(TableSchema current, TableSchema incoming,
                                             BiPredicate<ColumnType, ColumnType> sameStorage) {
        if (current == null) {
            return List.of(new SchemaChange.CreateTable(incoming));
        }
        List<SchemaChange> changes = new ArrayList<>();
        for (Column c : incoming.columns()) {
            var existing = current.column(c.name());
            if (existing.isEmpty()) {
                changes.add(new SchemaChange.AddColumn(current.id(), c));
            } else if (!sameStorage.test(existing.get().type(), c.type())) {
                changes.add(new SchemaChange.AlterColumnType(current.id(), c.name(), existing.get().type(), c.type()));
            }
        }
        for (Column c : current.columns()) {
            if (incoming.column(c.name()).isEmpty()) {
                changes.add(new SchemaChange.DropColumn(current.id(), c.name()));
            }
        }
        if (!current.sameKeyAs(incoming)) {
            changes.add(new SchemaChange.AlterPrimaryKey(current.id(), current.primaryKey(), incoming.primaryKey()));
        }
        return changes;
    }
}
