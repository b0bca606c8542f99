package dev.cdcsync.core.model;

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
 */
public final class RowValues extends AbstractMap<String, Object> {

    /** The column names of one row shape, in order, shared by its rows. */
    public static final class Columns {
        private final String[] names;
        private final Map<String, Integer> positions;

        public Columns(List<String> names) {
            this.names = names.toArray(String[]::new);
            this.positions = new HashMap<>(names.size() * 2);
            for (int i = 0; i < this.names.length; i++) {
                positions.put(this.names[i], i);
            }
        }

        /** The column names of a table's rows, in the schema's order. */
        public static Columns of(TableSchema schema) {
            return new Columns(schema.columns().stream().map(Column::name).toList());
        }

        public int size() {
            return names.length;
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

    private final Columns columns;
    private final Object[] values;
    private int present;

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

    /** Whether both rows are complete rows of one shape: then they have the same columns in the same order. */
    public static boolean sameColumns(Map<String, Object> a, Map<String, Object> b) {
        return a instanceof RowValues x && b instanceof RowValues y && x.columns == y.columns
                && x.present == x.values.length && y.present == y.values.length;
    }

    @Override
    public Object get(Object key) {
        int i = columns.indexOf(key);
        return i < 0 || values[i] == ABSENT ? null : values[i];
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
                return new Present<>(i -> new SimpleImmutableEntry<>(columns.names[i], values[i]));
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
                return new Present<>(i -> values[i]);
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
