package dev.cdcsync.core.spi;

/**
 * Where dead letters are kept: the target's {@code cdc_sync_dead_letters} table or collection, or a JSON-lines file.
 *
 * <p>Contract: {@link #store} returns once the letter is durable (committed, acknowledged, or written and forced to
 * disk); the pipeline confirms the record's source offset after that. Storing the same {@link DeadLetter#id()} twice
 * keeps one letter where the place allows it (a table or collection keyed by pipeline and id); a file may repeat a
 * letter after a crash. Called on the pipeline's thread.
 */
public interface DeadLetterStore extends AutoCloseable {

    void store(DeadLetter letter);

    /** Where letters go, for the log and the README's replay steps (never a secret). */
    String where();

    @Override
    default void close() {
    }
}
