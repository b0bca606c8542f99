package dev.cdcsync.core.model;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * A row's values by column name, for sources that make many rows of one shape: the names and their positions are
 * shared by every row of the shape ({@link Columns}), a row holds only its values. Far smaller than a hash map per
 * row, and rows of one shape are known to have the same columns without comparing them ({@link #sameColumns}).
 *
 * <p>A read-only map in column order once built; its builder fills it with {@link #set}. A column a row lacks (an
 * unchanged TOAST value the source did not send) is absent from the map, which is not the same as NULL.
 *
 * <p>A row may also keep its fields as its source sent them ({@link #setEncoded}): the columns its shape's
 * {@link Encoding} can decode are then decoded on first read and kept (two threads reading a column at once may both
 * decode it; each sees a whole value), and a writer whose target takes the same binary form copies them without
 * decoding at all ({@link #encodedBytes}).
 */
public final class RowValues extends AbstractMap<String, Object> {

    /**
     * How the rows of a shape that keep their source's fields read them. The fields are length-prefixed, as in
     * PostgreSQL's binary {@code COPY} rows: a 16-bit field count, then per column a 32-bit big-endian length
     * ({@code -1}: NULL) and that many bytes.
     */
    public interface Encoding {
        /** Names the binary form of the fields, for a writer to recognize. */
        String format();

        /** The source's type of column {@code i} in that form; 0 when the column is not decoded from its field. */
        int type(int column);

        /** The value of column {@code i} from its field (never NULL here). Must not fail on a field the source sent. */
        Object decode(int column, byte[] b, int offset, int length);
    }

    /** The column names of one row shape, in order, shared by its rows. */
    public static final class Columns {
        private final String[] names;
        private final Map<String, Integer> positions;
        private final Encoding encoding;

        public Columns(List<String> names) {
            this(names, null);
        }

        private Columns(List<String> names, Encoding encoding) {
            this.names = names.toArray(String[]::new);
            this.positions = new HashMap<>(names.size() * 2);
            for (int i = 0; i < this.names.length; i++) {
                positions.put(this.names[i], i);
            }
            this.encoding = encoding;
        }

        /** The column names of a table's rows, in the schema's order. */
        public static Columns of(TableSchema schema) {
            return of(schema, null);
        }

        /** The same, for rows that keep their source's fields in {@code encoding} (null: none do). */
        public static Columns of(TableSchema schema, Encoding encoding) {
            return new Columns(schema.columns().stream().map(Column::name).toList(), encoding);
        }

        public int size() {
            return names.length;
        }

        /** How rows of this shape that keep their source's fields read them; null when they do not. */
        public Encoding encoding() {
            return encoding;
        }

        /**
         * The position of a column, or -1. Callers mostly ask with the schema's own name instances, so a scan by
         * identity finds them without hashing; a narrow shape is scanned by equality too.
         */
        int indexOf(Object name) {
            for (int i = 0; i < names.length; i++) {
                if (names[i] == name) {
                    return i;
                }
            }
            if (names.length <= 8) {
                for (int i = 0; i < names.length; i++) {
                    if (names[i].equals(name)) {
                        return i;
                    }
                }
                return -1;
            }
            Integer i = positions.get(name);
            return i == null ? -1 : i;
        }
    }

    private static final Object ABSENT = new Object();
    /** A column whose value is still only in the encoded fields. */
    private static final Object UNDECODED = new Object();
    private static final VarHandle VALUES = MethodHandles.arrayElementVarHandle(Object[].class);

    private final Columns columns;
    private final Object[] values;
    private int present;
    private byte[] encoded;
    private int encodedFrom;

    /** A row of the shape with every column absent, to be filled with {@link #set}. */
    public RowValues(Columns columns) {
        this.columns = columns;
        this.values = new Object[columns.names.length];
        Arrays.fill(values, ABSENT);
    }

    /** Sets column {@code i} of the shape (while the row is being built; a row handed on is not changed). */
    public void set(int i, Object value) {
        if (values[i] == ABSENT) {
            present++;
        }
        values[i] = value;
    }

    /**
     * Keeps the row's fields as its source sent them, in {@code b} from {@code from} (in the shape's {@link Encoding};
     * the bytes must not change afterwards): every column the encoding decodes is present from now on, and decoded
     * when first read. The builder sets the other columns with {@link #set}.
     */
    public void setEncoded(byte[] b, int from) {
        Encoding encoding = columns.encoding;
        for (int i = 0; i < values.length; i++) {
            if (encoding.type(i) != 0) {
                set(i, UNDECODED);
            }
        }
        encoded = b;
        encodedFrom = from;
    }

    /** The shape of the row. */
    public Columns columns() {
        return columns;
    }

    /** The buffer holding the row's fields as its source sent them ({@link #setEncoded}); null when it keeps none. */
    public byte[] encodedBytes() {
        return encoded;
    }

    /** Where the row's encoded fields begin in {@link #encodedBytes()}: at their 16-bit count. */
    public int encodedFrom() {
        return encodedFrom;
    }

    /** Whether every column of the shape is present. */
    public boolean complete() {
        return present == values.length;
    }

    /** The value of column {@code i} of the shape (null when absent). */
    public Object at(int i) {
        Object v = value(i);
        return v == ABSENT ? null : v;
    }

    private Object value(int i) {
        if (encoded == null) {
            return values[i];
        }
        Object v = VALUES.getAcquire(values, i); // another thread may have decoded it: see its whole value
        if (v == UNDECODED) {
            v = decode(i);
            VALUES.setRelease(values, i, v);
        }
        return v;
    }

    private Object decode(int column) {
        int p = encodedFrom + 2;
        for (int k = 0; k < column; k++) {
            p += 4 + Math.max(length(p), 0);
        }
        int length = length(p);
        return length < 0 ? null : columns.encoding.decode(column, encoded, p + 4, length);
    }

    private int length(int p) {
        return (encoded[p] & 0xff) << 24 | (encoded[p + 1] & 0xff) << 16 | (encoded[p + 2] & 0xff) << 8 | encoded[p + 3] & 0xff;
    }

    /** Whether both rows are complete rows of one shape: then they have the same columns in the same order. */
    public static boolean sameColumns(Map<String, Object> a, Map<String, Object> b) {
        return a instanceof RowValues x && b instanceof RowValues y && x.columns == y.columns
                && x.present == x.values.length && y.present == y.values.length;
    }

    @Override
    public Object get(Object key) {
        int i = columns.indexOf(key);
        return i < 0 ? null : at(i);
    }

    @Override
    public boolean containsKey(Object key) {
        int i = columns.indexOf(key);
        return i >= 0 && values[i] != ABSENT;
    }

    @Override
    public int size() {
        return present;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Present<>(i -> new SimpleImmutableEntry<>(columns.names[i], value(i)));
            }

            @Override
            public int size() {
                return present;
            }
        };
    }

    @Override
    public Set<String> keySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<String> iterator() {
                return new Present<>(i -> columns.names[i]);
            }

            @Override
            public int size() {
                return present;
            }

            @Override
            public boolean contains(Object o) {
                return containsKey(o);
            }
        };
    }

    @Override
    public Collection<Object> values() {
        return new AbstractCollection<>() {
            @Override
            public Iterator<Object> iterator() {
                return new Present<>(RowValues.this::value);
            }

            @Override
            public int size() {
                return present;
            }
        };
    }

    /** Walks the present columns in order. */
    private final class Present<T> implements Iterator<T> {
        private final IntFunction<T> at;
        private int next = skipAbsent(0);

        Present(IntFunction<T> at) {
            this.at = at;
        }

        private int skipAbsent(int from) {
            int i = from;
            while (i < values.length && values[i] == ABSENT) {
                i++;
            }
            return i;
        }

        @Override
        public boolean hasNext() {
            return next < values.length;
        }

        @Override
        public T next() {
            if (next >= values.length) {
                throw new NoSuchElementException();
            }
            T t = at.apply(next);
            next = skipAbsent(next + 1);
            return t;
        }
    }
}
