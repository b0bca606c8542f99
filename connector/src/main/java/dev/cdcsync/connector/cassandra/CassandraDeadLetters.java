package dev.cdcsync.connector.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import dev.cdcsync.core.spi.DeadLetter;

/**
 * Dead letters in the table {@value #TABLE} of the keyspace, one partition per pipeline, keyed by the letter's id (a
 * replayed letter overwrites itself); the row as its JSON text.
 */
final class CassandraDeadLetters {

    static final String TABLE = "cdc_sync_dead_letters";

    private final CqlSession session;
    private final PreparedStatement insert;

    CassandraDeadLetters(CqlSession session, String keyspace) {
        this.session = session;
        String table = CqlNames.quote(keyspace) + "." + TABLE;
        session.execute("CREATE TABLE IF NOT EXISTS " + table + " (pipeline text, letter_id text, table_name text,"
                + " row_key text, source_position text, error text, row_data text, created_at timestamp,"
                + " PRIMARY KEY ((pipeline), letter_id))");
        this.insert = session.prepare("INSERT INTO " + table + " (pipeline, letter_id, table_name, row_key,"
                + " source_position, error, row_data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    }

    void store(DeadLetter letter) {
        session.execute(insert.bind(letter.pipeline(), letter.id(), letter.table(), letter.key(), letter.position(),
                letter.error(), letter.row(), letter.at()));
    }
}
