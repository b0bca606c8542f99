package dev.cdcsync.connector.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.core.model.ColumnType;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postgresql.copy.CopyOut;

class PgCopyRowsTest {

    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};

    @Test
    void rowsAreReadWhateverTheMessageBoundaries() throws Exception {
        byte[] row1 = row(7, "first");
        byte[] row2 = row(-3, null);
        byte[] end = {(byte) 0xff, (byte) 0xff};
        byte[] all = concat(HEADER, row1, row2, end);
        // PostgreSQL's own framing (header with the first row), then the same bytes cut every 3 bytes.
        List<byte[]> framed = List.of(concat(HEADER, row1), row2, end);
        List<byte[]> cut = new ArrayList<>();
        for (int i = 0; i < all.length; i += 3) {
            cut.add(Arrays.copyOfRange(all, i, Math.min(all.length, i + 3)));
        }
        for (List<byte[]> messages : List.of(framed, cut)) {
            PgCopyRows rows = new PgCopyRows(copyOut(messages), 2);
            List<List<Object>> read = new ArrayList<>();
            PgLoadField id = PgLoadField.of("\"id\"", "\"id\"", "int4", 23, ColumnType.of(ColumnType.Kind.INT32));
            PgLoadField name = PgLoadField.of("\"name\"", "\"name\"", "text", 25, ColumnType.of(ColumnType.Kind.STRING));
            while (rows.next()) {
                read.add(Arrays.asList(id.read(rows.buffer(), rows.offset(0), rows.length(0)),
                        name.read(rows.buffer(), rows.offset(1), rows.length(1))));
            }
            assertThat(read).containsExactly(List.of(7, "first"), Arrays.asList(-3, null));
        }
    }

    @Test
    void aColumnWithoutABinaryFormHereIsSelectedAsText() {
        PgLoadField point = PgLoadField.of("\"p\"", "\"p\"", "point", 600, ColumnType.of(ColumnType.Kind.POINT));
        assertThat(point.select()).isEqualTo("\"p\"::text");
        assertThat(point.form()).isEqualTo(PgLoadField.Form.TEXT);
        PgLoadField claimed = PgLoadField.of("\"m\"", "\"m\"::numeric::text", "money", 790, ColumnType.decimal(null, null));
        assertThat(claimed.select()).isEqualTo("\"m\"::numeric::text");
        assertThat(PgLoadField.of("\"s\"", "\"s\"", "int2", 21, ColumnType.of(ColumnType.Kind.INT16))
                .read(new byte[] {(byte) 0xff, (byte) 0xfe}, 0, 2)).isEqualTo((short) -2);
    }

    private static byte[] row(int id, String name) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeShort(2);
        out.writeInt(4);
        out.writeInt(id);
        if (name == null) {
            out.writeInt(-1);
        } else {
            byte[] b = name.getBytes(StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        }
        return bytes.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static CopyOut copyOut(List<byte[]> messages) {
        Deque<byte[]> left = new ArrayDeque<>(messages);
        return new CopyOut() {
            @Override
            public byte[] readFromCopy() {
                return left.poll();
            }

            @Override
            public byte[] readFromCopy(boolean block) {
                return left.poll();
            }

            @Override
            public int getFieldCount() {
                return 2;
            }

            @Override
            public int getFormat() {
                return 1;
            }

            @Override
            public int getFieldFormat(int field) {
                return 1;
            }

            @Override
            public boolean isActive() {
                return !left.isEmpty();
            }

            @Override
            public void cancelCopy() {
                left.clear();
            }

            @Override
            public long getHandledRowCount() {
                return 0;
            }
        };
    }
}
