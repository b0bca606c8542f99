package dev.cdcsync.connector.postgres;

import java.util.Arrays;

/** A growable big-endian byte buffer, for COPY's binary format. */
final class ByteSink {

    private byte[] bytes;
    private int size;

    ByteSink(int capacity) {
        bytes = new byte[capacity];
    }

    void putShort(int v) {
        ensure(2);
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) v;
    }

    void putInt(int v) {
        ensure(4);
        bytes[size++] = (byte) (v >>> 24);
        bytes[size++] = (byte) (v >>> 16);
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) v;
    }

    void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }

    void put(byte[] b) {
        put(b, 0, b.length);
    }

    void put(byte[] b, int from, int length) {
        ensure(length);
        System.arraycopy(b, from, bytes, size, length);
        size += length;
    }

    void put(byte b) {
        ensure(1);
        bytes[size++] = b;
    }

    int size() {
        return size;
    }

    /** Drops what was written after {@code mark}, a size this buffer had. */
    void truncate(int mark) {
        size = mark;
    }

    /** Empties the buffer for reuse; one grown past 64 MiB by a batch of large rows is let go. */
    void clear() {
        size = 0;
        if (bytes.length > 64 << 20) {
            bytes = new byte[1 << 20];
        }
    }

    byte[] array() {
        return bytes;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
