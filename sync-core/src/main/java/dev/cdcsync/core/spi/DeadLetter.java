package dev.cdcsync.core.spi;

import java.time.Instant;

/**
 * A record or row set aside instead of applied (errors.mode dead-letter), as kept in the dead-letter place.
 *
 * @param id       stable across replays (the change's id, or the record's source offset), so a replayed batch that is
 *                 refused again keeps one letter, where the place can tell
 * @param table    the target table, or null for a record that could not be decoded
 * @param key      the row's key as text, or null
 * @param position the source position (or topic, partition and offset)
 * @param row      the row as JSON (column name to value; values without a JSON kind as their text), or the record's text
 *                 for one that could not be decoded
 */
public record DeadLetter(String pipeline, String id, String table, String key, String position, String error, String row,
                         Instant at) {
}
