package dev.cdcsync.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.core.buffer.TableBatch;
import dev.cdcsync.core.buffer.TableBatch.Clearing;
import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.Column;
import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.model.RowKey;
import dev.cdcsync.core.model.SourcePosition;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.model.TableSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WriteBatchTest {

    private static final TableId T = TableId.of("public", "t");
    private static final TableSchema SCHEMA = new TableSchema(T, List.of(new Column("id", ColumnType.of(ColumnType.Kind.INT32),
            false)), List.of("id"));

    private static DataChange row(int id) {
        return new DataChange(DataChange.Op.INSERT, T, RowKey.of(List.of("id"), Map.of("id", id)), null, Map.of("id", id),
                SourcePosition.UNKNOWN);
    }

    /** A writer that noted a batch whose commit answer was lost must know it again when it is handed over again. */
    @Test
    void aBatchHandedOverAgainAsTheOldestUnsettledIsTheSameBatchAndOneWithoutARefusedRowIsNot() {
        DataChange refused = row(2);
        WriteBatch batch = new WriteBatch("p", List.of(new TableBatch(SCHEMA, Clearing.NONE, List.of(),
                List.of(row(1), refused), List.of())), new Checkpoint(List.of()));

        assertThat(batch.asOldestUnsettled().oldestUnsettled()).isTrue();
        assertThat(batch.asOldestUnsettled().sameAs(batch)).isTrue();
        assertThat(batch.without(refused).orElseThrow().sameAs(batch)).isFalse();
        assertThat(batch.without(refused).orElseThrow().rows()).isEqualTo(1);
    }
}
