package dev.cdcsync.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdcsync.core.config.Route;
import dev.cdcsync.core.decode.DecodeException;
import dev.cdcsync.core.model.Column;
import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.model.DataChange.Op;
import dev.cdcsync.core.model.RowKey;
import dev.cdcsync.core.model.SourcePosition;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.model.TableSchema;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableRouterTest {

    private static final TableId T = TableId.of("public", "visits");
    private static final List<Column> COLUMNS = List.of(new Column("visitor", ColumnType.of(ColumnType.Kind.STRING), true),
            new Column("day", ColumnType.of(ColumnType.Kind.INT32), true), new Column("pages", ColumnType.of(ColumnType.Kind.INT32), true));
    private static final TableSchema KEYLESS = new TableSchema(T, COLUMNS, List.of());
    private static final TableSchema KEYED = new TableSchema(T, COLUMNS, List.of("day", "visitor"));

    private static TableRouter router(List<String> key, List<String> partition) {
        return new TableRouter(List.of(new Route("public.visits", null, key, partition)));
    }

    @Test
    void aKeylessTableTakesTheRoutesKeyAndPartition() {
        TableSchema keyed = router(List.of("visitor", "day"), List.of("visitor")).keyed(KEYLESS);
        assertThat(keyed.primaryKey()).containsExactly("visitor", "day");
        assertThat(keyed.partitionKey()).containsExactly("visitor");
    }

    @Test
    void anUpdateThatChangesTheRoutesKeyColumnsBecomesADeleteOfTheOldKeyAndAnUpsertOfTheNewFilledFromTheOldRow() {
        TableRouter router = router(List.of("visitor", "day"), null);
        TableSchema keyed = router.keyed(KEYLESS);
        Map<String, Object> before = Map.of("visitor", "bob", "day", 1, "pages", 4);
        Map<String, Object> after = Map.of("visitor", "bob", "day", 3); // pages not resent
        List<DataChange> out = router.keyed(new DataChange(Op.UPDATE, T, null, before, after, SourcePosition.UNKNOWN), KEYLESS, keyed);

        assertThat(out).extracting(DataChange::op).containsExactly(Op.DELETE, Op.UPDATE);
        assertThat(out.get(0).key()).isEqualTo(new RowKey(List.of("bob", 1)));
        assertThat(out.get(1).key()).isEqualTo(new RowKey(List.of("bob", 3)));
        assertThat(out.get(1).after()).containsEntry("pages", 4);
    }

    @Test
    void anUpdateThatKeepsTheKeyStaysOneChange() {
        TableRouter router = router(List.of("visitor", "day"), null);
        TableSchema keyed = router.keyed(KEYLESS);
        Map<String, Object> before = Map.of("visitor", "bob", "day", 1, "pages", 4);
        Map<String, Object> after = Map.of("visitor", "bob", "day", 1, "pages", 5);
        assertThat(router.keyed(new DataChange(Op.UPDATE, T, null, before, after, SourcePosition.UNKNOWN), KEYLESS, keyed))
                .singleElement().satisfies(c -> assertThat(c.key()).isEqualTo(new RowKey(List.of("bob", 1))));
    }

    @Test
    void aReorderedSourceKeyReordersTheKeyAndTheOldKeyOfAMovedRow() {
        TableRouter router = router(List.of("visitor", "day"), List.of("visitor"));
        TableSchema keyed = router.keyed(KEYED);
        DataChange moved = new DataChange(Op.INSERT, T, new RowKey(List.of(2, "ann")), null,
                Map.of("visitor", "ann", "day", 2, "pages", 1), SourcePosition.UNKNOWN, new RowKey(List.of(1, "ann")));
        DataChange out = router.keyed(moved, KEYED, keyed).get(0);
        assertThat(out.key()).isEqualTo(new RowKey(List.of("ann", 2)));
        assertThat(out.movedFrom()).isEqualTo(new RowKey(List.of("ann", 1)));
    }

    @Test
    void aRouteKeyOtherThanTheSourcesPrimaryKeyIsRefusedNamingBoth() {
        assertThatThrownBy(() -> router(List.of("visitor"), null).keyed(KEYED))
                .hasMessageContaining("[visitor]").hasMessageContaining("primary key is [day, visitor]");
    }

    @Test
    void aRouteKeyColumnTheTableDoesNotHaveIsRefusedListingItsColumns() {
        assertThatThrownBy(() -> router(List.of("visitor", "hour"), null).keyed(KEYLESS))
                .hasMessageContaining("hour").hasMessageContaining("[visitor, day, pages]");
    }

    @Test
    void aNullInAKeyColumnStopsThePipelineNamingTheColumnAndTheChange() {
        TableRouter router = router(List.of("visitor", "day"), null);
        Map<String, Object> row = new HashMap<>(Map.of("visitor", "bob"));
        row.put("day", null);
        assertThatThrownBy(() -> router.keyed(new DataChange(Op.INSERT, T, null, null, row, SourcePosition.UNKNOWN), KEYLESS,
                router.keyed(KEYLESS))).isInstanceOf(DecodeException.class).hasMessageContaining("key column day")
                .hasMessageContaining("NULL");
    }

    @Test
    void aPartitionKeyOutsideTheKeyIsAConfigError() {
        assertThatThrownBy(() -> new Route("public.visits", null, List.of("visitor"), List.of("day")))
                .hasMessageContaining("'partition-key' [day] must name columns of 'key' [visitor]");
    }
}
