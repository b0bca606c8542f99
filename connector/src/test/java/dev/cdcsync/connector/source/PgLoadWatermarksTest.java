package dev.cdcsync.connector.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.core.model.Column;
import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.model.TableSchema;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PgLoadWatermarksTest {

    private static PgLoadCatalog table(String name) {
        return new PgLoadCatalog(new TableSchema(TableId.of("public", name),
                List.of(new Column("id", ColumnType.of(ColumnType.Kind.INT32), false)), List.of("id")), List.of());
    }

    private final PgLoadCatalog big = table("big");
    private final PgLoadCatalog small = table("small");
    // big: blocks [0,100), [100,200), [200,end); small: one open chunk from block 0.
    private final List<PgLoadChunk> chunks = List.of(new PgLoadChunk(0, big, 0, 100, false),
            new PgLoadChunk(1, big, 100, 200, false), new PgLoadChunk(2, big, 200, -1, true),
            new PgLoadChunk(3, small, 0, -1, true));

    @Test
    void aTableResumesAtItsFirstChunkNotYetReadWhateverOrderChunksFinishIn() {
        PgLoadWatermarks marks = new PgLoadWatermarks(chunks);

        assertThat(marks.read(chunks.get(1))).as("read behind an unread chunk: the table's entry stays").isEmpty();
        assertThat(marks.read(chunks.get(3))).as("another table's chunk moves only that table")
                .isEqualTo(OptionalLong.of(PgLoadProgress.DONE));
        assertThat(marks.read(chunks.get(0))).as("the first chunk read: the entry passes the second, read before")
                .isEqualTo(OptionalLong.of(200));
        assertThat(marks.read(chunks.get(2))).isEqualTo(OptionalLong.of(PgLoadProgress.DONE));
    }

    @Test
    void aChunkScansItsBlockRangeAndTheLastIsOpenEnded() {
        assertThat(chunks.get(1).where()).isEqualTo(" WHERE ctid >= '(100,0)'::tid AND ctid < '(200,0)'::tid");
        assertThat(chunks.get(2).where()).isEqualTo(" WHERE ctid >= '(200,0)'::tid");
        assertThat(chunks.get(3).where()).as("a table read whole in one chunk").isEmpty();
        assertThat(chunks.get(0).next()).isEqualTo(100);
        assertThat(chunks.get(2).next()).isEqualTo(PgLoadProgress.DONE);
    }
}
