package dev.cdcsync.it;

/** The source contract's dialect hooks for MySQL and MariaDB. */
public abstract class BinlogToPostgresContract extends SourceToPostgresContract {

    @Override
    protected void prepareKeyless(String table) {
        // The binlog's FULL row image always carries the old row.
    }

    @Override
    protected void updateOneRow(String table, String set, String where) throws Exception {
        p.sourceSql("UPDATE " + table + " SET " + set + " WHERE " + where + " LIMIT 1");
    }

    @Override
    protected void replacePrimaryKey(String table, String column) throws Exception {
        p.sourceSql("ALTER TABLE " + table + " DROP PRIMARY KEY, ADD PRIMARY KEY (" + column + ")");
    }

    @Override
    protected void alterColumnType(String table, String column, String type) throws Exception {
        p.sourceSql("ALTER TABLE " + table + " MODIFY " + column + " " + type);
    }
}
