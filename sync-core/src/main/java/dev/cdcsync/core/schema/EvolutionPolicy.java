package dev.cdcsync.core.schema;

import dev.cdcsync.core.model.Column;
import dev.cdcsync.core.model.SchemaChange;
import dev.cdcsync.core.model.SchemaChange.AddColumn;
import dev.cdcsync.core.model.SchemaChange.AlterColumnType;
import dev.cdcsync.core.model.SchemaChange.AlterPrimaryKey;
import dev.cdcsync.core.model.SchemaChange.CreateTable;
import dev.cdcsync.core.model.SchemaChange.DropColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Decides, as a pure function, which proposed schema changes reach the target. Creating a missing
 * table is always allowed (there is nowhere else to put the rows); everything else depends on the mode.
 */
public final class EvolutionPolicy {

    /** What to apply and what was deliberately not applied (for the log). */
    public record Decision(List<SchemaChange> apply, List<String> skipped) {
    }

    private EvolutionPolicy() {
    }

    /**
     * @param proposed  changes from {@link SchemaDiff}
     * @param supported which changes the writer can apply
     * @throws SchemaEvolutionException when the mode forbids a change, with the table, column and types
     */
    public static Decision decide(List<SchemaChange> proposed, EvolutionMode mode, Predicate<SchemaChange> supported) {
        List<SchemaChange> apply = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (SchemaChange change : proposed) {
            if (change instanceof CreateTable) {
                apply.add(change);
                continue;
            }
            if (change instanceof AlterPrimaryKey && (mode == EvolutionMode.IGNORE || mode == EvolutionMode.FAIL)) {
                // Rows are matched by their key: a target keyed differently from the source cannot be kept exact.
                throw new SchemaEvolutionException(describe(change) + " at the source; the target must follow it to match"
                        + " rows by key, and schema-evolution '" + mode.name().toLowerCase() + "' does not allow that:"
                        + " choose lenient or evolve, or change the target table's key by hand and restart");
            }
            switch (mode) {
                case FAIL -> throw new SchemaEvolutionException(describe(change)
                        + " at the source, and schema-evolution is 'fail'; choose lenient, evolve or ignore to go on");
                case IGNORE -> skipped.add(describe(change) + " (schema-evolution: ignore)");
                case LENIENT -> lenient(change, apply, skipped);
                case EVOLVE, TRY_EVOLVE -> apply.add(nullableAdd(change));
            }
        }
        for (SchemaChange change : apply) {
            if (!supported.test(change)) {
                if (mode == EvolutionMode.TRY_EVOLVE) {
                    skipped.add(describe(change) + " (the target cannot apply it)");
                } else {
                    throw new SchemaEvolutionException(describe(change) + ": the target cannot apply this change");
                }
            }
        }
        apply.removeIf(c -> !supported.test(c));
        return new Decision(apply, skipped);
    }

    private static void lenient(SchemaChange change, List<SchemaChange> apply, List<String> skipped) {
        change.accept(new SchemaChange.Visitor<Void>() {
            public Void createTable(CreateTable create) {
                apply.add(create);
                return null;
            }

            public Void addColumn(AddColumn add) {
                apply.add(nullableAdd(add));
                return null;
            }

            public Void dropColumn(DropColumn drop) {
                skipped.add(describe(drop) + " (lenient: the target column stays, filled with NULL)");
                return null;
            }

            public Void alterColumnType(AlterColumnType alter) {
                if (TypeWidening.holds(alter.from(), alter.to())) {
                    apply.add(alter);
                } else if (TypeWidening.holds(alter.to(), alter.from())) {
                    skipped.add(describe(alter) + " (lenient: the target's wider type holds every new value)");
                } else {
                    throw new SchemaEvolutionException(describe(alter)
                            + ": not a safe widening, so lenient mode refuses it (old values would not fit the new type"
                            + " or new values the old one); use schema-evolution: evolve to apply it anyway");
                }
                return null;
            }

            public Void alterPrimaryKey(AlterPrimaryKey key) {
                apply.add(key);
                return null;
            }
        });
    }

    /** Added columns are always nullable in the target: existing rows have no value for them. */
    private static SchemaChange nullableAdd(SchemaChange change) {
        if (change instanceof AddColumn add && !add.column().nullable()) {
            Column c = add.column();
            return new AddColumn(add.table(), new Column(c.name(), c.type(), true));
        }
        return change;
    }

    public static String describe(SchemaChange change) {
        return change.accept(new SchemaChange.Visitor<>() {
            public String createTable(CreateTable c) {
                return "new table " + c.table();
            }

            public String addColumn(AddColumn a) {
                return "column " + a.column().name() + " " + a.column().type() + " added to " + a.table();
            }

            public String dropColumn(DropColumn d) {
                return "column " + d.column() + " dropped from " + d.table();
            }

            public String alterColumnType(AlterColumnType t) {
                return "column " + t.column() + " of " + t.table() + " changed from " + t.from() + " to " + t.to();
            }

            public String alterPrimaryKey(AlterPrimaryKey k) {
                return "primary key of " + k.table() + " changed from " + keyText(k.from()) + " to " + keyText(k.to());
            }
        });
    }

    private static String keyText(List<String> key) {
        return key.isEmpty() ? "(none)" : "(" + String.join(", ", key) + ")";
    }
}
