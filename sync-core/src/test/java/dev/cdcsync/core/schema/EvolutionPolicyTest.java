package dev.cdcsync.core.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdcsync.core.model.Column;
import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.ColumnType.Kind;
import dev.cdcsync.core.model.SchemaChange;
import dev.cdcsync.core.model.SchemaChange.AddColumn;
import dev.cdcsync.core.model.SchemaChange.AlterColumnType;
import dev.cdcsync.core.model.SchemaChange.CreateTable;
import dev.cdcsync.core.model.SchemaChange.DropColumn;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.model.TableSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvolutionPolicyTest {

    private static final TableId T = TableId.of(null, "t");
    private static final ColumnType INT = ColumnType.of(Kind.INT32);
    private static final ColumnType BIGINT = ColumnType.of(Kind.INT64);
    private static final ColumnType TEXT = ColumnType.of(Kind.STRING);

    @Test
    void aPrimaryKeyChangeIsAppliedOrStopsButIsNeverSkipped() {
        var key = new SchemaChange.AlterPrimaryKey(T, List.of("id"), List.of("code"));
        assertThat(EvolutionPolicy.decide(List.of(key), EvolutionMode.LENIENT, c -> true).apply()).containsExactly(key);
        assertThat(EvolutionPolicy.decide(List.of(key), EvolutionMode.EVOLVE, c -> true).apply()).containsExactly(key);
        for (EvolutionMode mode : List.of(EvolutionMode.IGNORE, EvolutionMode.FAIL)) {
            assertThatThrownBy(() -> EvolutionPolicy.decide(List.of(key), mode, c -> true))
                    .isInstanceOf(SchemaEvolutionException.class)
                    .hasMessageContaining("primary key of t changed from (id) to (code)");
        }
    }

    @Test
    void aKeyDifferingFromTheTargetsIsAChangeButTheOrderOfItsColumnsIsNot() {
        var columns = List.of(new Column("a", INT, false), new Column("b", INT, false));
        var target = new TableSchema(T, columns, List.of("a", "b"));
        assertThat(SchemaDiff.between(target, new TableSchema(T, columns, List.of("b", "a")), (x, y) -> x.sameAs(y)))
                .isEmpty();
        assertThat(SchemaDiff.between(target, new TableSchema(T, columns, List.of("a")), (x, y) -> x.sameAs(y)))
                .containsExactly(new SchemaChange.AlterPrimaryKey(T, List.of("a", "b"), List.of("a")));
    }

    @Test
    void lenientAddsColumnsAsNullable() {
        var add = new AddColumn(T, new Column("c", TEXT, false));
        var decision = EvolutionPolicy.decide(List.of(add), EvolutionMode.LENIENT, c -> true);
        assertThat(decision.apply()).containsExactly(new AddColumn(T, new Column("c", TEXT, true)));
    }

    @Test
    void lenientKeepsDroppedColumnsAndWidensSafely() {
        var drop = new DropColumn(T, "old");
        var widen = new AlterColumnType(T, "n", INT, BIGINT);
        var narrow = new AlterColumnType(T, "m", BIGINT, INT);
        var decision = EvolutionPolicy.decide(List.of(drop, widen, narrow), EvolutionMode.LENIENT, c -> true);
        assertThat(decision.apply()).containsExactly(widen);
        assertThat(decision.skipped()).hasSize(2);
    }

    @Test
    void lenientRefusesAChangeOfTypeFamilyNamingTheColumn() {
        var change = new AlterColumnType(T, "n", INT, TEXT);
        assertThatThrownBy(() -> EvolutionPolicy.decide(List.of(change), EvolutionMode.LENIENT, c -> true))
                .isInstanceOf(SchemaEvolutionException.class)
                .hasMessageContaining("column n of t changed from INT32 to STRING");
    }

    @Test
    void failModeStopsOnAnyChangeButStillCreatesTables() {
        var create = new CreateTable(new TableSchema(T, List.of(new Column("id", INT, false)), List.of("id")));
        assertThat(EvolutionPolicy.decide(List.of(create), EvolutionMode.FAIL, c -> true).apply()).containsExactly(create);
        var add = new AddColumn(T, new Column("c", TEXT, true));
        assertThatThrownBy(() -> EvolutionPolicy.decide(List.of(add), EvolutionMode.FAIL, c -> true))
                .hasMessageContaining("schema-evolution is 'fail'");
    }

    @Test
    void ignoreModeAppliesNothingButTableCreation() {
        var add = new AddColumn(T, new Column("c", TEXT, true));
        var decision = EvolutionPolicy.decide(List.of(add), EvolutionMode.IGNORE, c -> true);
        assertThat(decision.apply()).isEmpty();
        assertThat(decision.skipped()).hasSize(1);
    }

    @Test
    void evolveAppliesDropsAndTryEvolveSkipsWhatTheWriterCannotDo() {
        var drop = new DropColumn(T, "old");
        assertThat(EvolutionPolicy.decide(List.of(drop), EvolutionMode.EVOLVE, c -> true).apply()).containsExactly(drop);
        assertThatThrownBy(() -> EvolutionPolicy.decide(List.of(drop), EvolutionMode.EVOLVE, c -> false))
                .hasMessageContaining("target cannot apply");
        assertThat(EvolutionPolicy.decide(List.of(drop), EvolutionMode.TRY_EVOLVE, c -> false).apply()).isEmpty();
    }

    @Test
    void wideningsKeepEveryOldValue() {
        assertThat(TypeWidening.holds(ColumnType.of(Kind.INT16), BIGINT)).isTrue();
        assertThat(TypeWidening.holds(BIGINT, ColumnType.decimal(20, 0))).isTrue();
        assertThat(TypeWidening.holds(BIGINT, ColumnType.decimal(10, 0))).isFalse();
        assertThat(TypeWidening.holds(ColumnType.of(Kind.STRING, 10), ColumnType.of(Kind.STRING, 40))).isTrue();
        assertThat(TypeWidening.holds(ColumnType.of(Kind.STRING, 40), ColumnType.of(Kind.STRING, 10))).isFalse();
        assertThat(TypeWidening.holds(ColumnType.decimal(10, 2), ColumnType.decimal(12, 4))).isTrue();
        assertThat(TypeWidening.holds(ColumnType.decimal(10, 2), ColumnType.decimal(12, 5))).isFalse();
        assertThat(TypeWidening.holds(ColumnType.of(Kind.FLOAT32), ColumnType.of(Kind.FLOAT64))).isTrue();
    }

    @Test
    void diffFindsAddedDroppedAndRetypedColumns() {
        var current = new TableSchema(T, List.of(new Column("id", INT, false), new Column("gone", TEXT, true),
                new Column("n", INT, true)), List.of("id"));
        var incoming = new TableSchema(T, List.of(new Column("id", INT, false), new Column("n", BIGINT, true),
                new Column("new", TEXT, true)), List.of("id"));
        List<SchemaChange> changes = SchemaDiff.between(current, incoming, ColumnType::sameAs);
        assertThat(changes).containsExactly(new AlterColumnType(T, "n", INT, BIGINT),
                new AddColumn(T, new Column("new", TEXT, true)), new DropColumn(T, "gone"));
    }
}
