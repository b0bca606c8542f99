package dev.cdcsync.core.decode;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * The fields of Debezium's {@code source} block that the decoder reads, looked up once per schema: Debezium reuses
 * its schemas, and each change reads about a dozen of these. A field the connector does not send is null.
 */
record SourceFields(Schema schema, Field tsMs, Field lsn, Field txId, Field gtid, Field snapshot, Field sequence,
                    Field connector, Field namespace, Field db, Field table, Field file, Field pos, Field row) {

    static SourceFields of(Schema s) {
        return new SourceFields(s, s.field("ts_ms"), s.field("lsn"), s.field("txId"), s.field("gtid"), s.field("snapshot"),
                s.field("sequence"), s.field("connector"), s.field("schema"), s.field("db"), s.field("table"),
                s.field("file"), s.field("pos"), s.field("row"));
    }

    /** The field's value in {@code source}, or null when the connector does not send the field. */
    static Object get(Struct source, Field f) {
        return f == null ? null : source.get(f);
    }

    static String string(Struct source, Field f) {
        Object v = get(source, f);
        return v == null ? null : v.toString();
    }
}
