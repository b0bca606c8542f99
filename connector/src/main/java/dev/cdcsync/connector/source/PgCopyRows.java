package dev.cdcsync.connector.source;

import dev.cdcsync.connector.postgres.PgBinary;
import java.sql.SQLException;
import org.postgresql.copy.CopyOut;

/**
 * The rows of a {@code COPY .. TO STDOUT (FORMAT binary)}, one at a time, each field a slice of one buffer (no copy
 * while PostgreSQL sends a row per message, as it does). A buffer is never written once read into, so a row may keep
 * referring to its bytes. Each row: a 16-bit field count ({@code -1} ends the data), then per field a 32-bit length
 * ({@code -1}: NULL) and that many bytes.
 */
final class PgCopyRows {

    private final CopyOut out;
    private final int fields;
    private final int[] offsets;
    private final int[] lengths;
    private byte[] buf = new byte[0];
    private int start;
    private int pos;
    private int limit;
    private boolean headerRead;

    PgCopyRows(CopyOut out, int fields) {
        this.out = out;
        this.fields = fields;
        this.offsets = new int[fields];
        this.lengths = new int[fields];
    }

    /** @return whether a row was read; false once the data ends */
    boolean next() throws SQLException {
        if (!headerRead) {
            ensure(PgBinary.COPY_HEADER_BYTES);
            if (!PgBinary.isCopySignature(buf, pos)) {
                throw new IllegalStateException("COPY data without the binary signature");
            }
            int extension = PgBinary.i32(buf, pos + PgBinary.COPY_HEADER_BYTES - 4);
            ensure(PgBinary.COPY_HEADER_BYTES + extension);
            pos += PgBinary.COPY_HEADER_BYTES + extension;
            headerRead = true;
        }
        start = pos;
        ensure(2);
        int n = (short) PgBinary.u16(buf, pos);
        pos += 2;
        if (n == -1) {
            while (out.readFromCopy() != null) {
                // drains the end of the COPY so the connection is free again
            }
            return false;
        }
        if (n != fields) {
            throw new IllegalStateException("COPY row with " + n + " fields, expected " + fields);
        }
        for (int i = 0; i < n; i++) {
            ensure(4);
            int length = PgBinary.i32(buf, pos);
            pos += 4;
            lengths[i] = length;
            if (length > 0) {
                ensure(length);
            }
            offsets[i] = pos - start;
            pos += Math.max(length, 0);
        }
        return true;
    }

    /** The buffer holding the current row's fields. */
    byte[] buffer() {
        return buf;
    }

    /** Where the current row begins in {@link #buffer()}: at its field count. */
    int rowStart() {
        return start;
    }

    /** Where field {@code i} of the current row begins in {@link #buffer()}. */
    int offset(int i) {
        return start + offsets[i];
    }

    /** The length of field {@code i} of the current row; -1 for NULL. */
    int length(int i) {
        return lengths[i];
    }

    /** Makes {@code n} bytes from {@code pos} available, keeping the current row from {@code start}. */
    private void ensure(int n) throws SQLException {
        while (limit - pos < n) {
            byte[] message = out.readFromCopy();
            if (message == null) {
                throw new IllegalStateException("COPY data ended inside a row");
            }
            int kept = limit - start;
            if (kept == 0) {
                buf = message; // the common case: a row per message, read in place
            } else {
                byte[] joined = new byte[kept + message.length];
                System.arraycopy(buf, start, joined, 0, kept);
                System.arraycopy(message, 0, joined, kept, message.length);
                buf = joined;
            }
            pos -= start;
            start = 0;
            limit = buf.length;
        }
    }
}
