package dev.cdcsync.connector.source;

import dev.cdcsync.core.pipeline.SourceEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Reads a load's chunks on {@code load-parallelism} connections, each in a transaction that imports one snapshot, so
 * that together they read the tables as of one moment. With several, decoding runs on the readers' threads, and what
 * they read reaches the caller's thread through a short queue (memory stays bounded: a few batches per reader), where
 * it goes into the pipeline, which has one thread. A chunk's rows all arrive before the word that it is read.
 */
final class PgChunkReaders {

    /** What the caller's thread is handed. */
    private sealed interface Read {
        /**
         * Gives it to the receiver.
         *
         * @return whether the reader that sent it is done
         */
        boolean handTo(Receiver receiver) throws SQLException;

        /** Rows of a chunk, in the chunk's order. */
        record Rows(PgLoadChunk chunk, List<SourceEvent> events) implements Read {
            @Override
            public boolean handTo(Receiver receiver) {
                receiver.rows(chunk, events);
                return false;
            }
        }

        /** Every row of the chunk has been handed over. */
        record ChunkRead(PgLoadChunk chunk, long rows) implements Read {
            @Override
            public boolean handTo(Receiver receiver) {
                receiver.chunkRead(chunk, rows);
                return false;
            }
        }

        record Failed(Exception error) implements Read {
            @Override
            public boolean handTo(Receiver receiver) throws SQLException {
                if (error instanceof SQLException sql) {
                    throw sql;
                }
                throw error instanceof RuntimeException r ? r : new IllegalStateException(error);
            }
        }

        record ReaderDone() implements Read {
            @Override
            public boolean handTo(Receiver receiver) {
                return true;
            }
        }
    }

    /** What the caller does with what the readers hand over, on its own thread. */
    interface Receiver {
        void rows(PgLoadChunk chunk, List<SourceEvent> events);

        void chunkRead(PgLoadChunk chunk, long rows);
    }

    private static final long POLL_MS = 100;

    private final PostgresSourceSettings pg;
    private final String snapshotName;
    private final String positionText;
    private final int batchRows;
    private final List<PgLoadChunk> chunks;
    private final int connections;
    private final AtomicInteger nextChunk = new AtomicInteger();
    private final BlockingQueue<Read> handed;
    private final List<Thread> readers = new ArrayList<>();
    private volatile boolean cancelled;

    /**
     * @param snapshotName the snapshot every reader imports ({@code SET TRANSACTION SNAPSHOT})
     * @param positionText the load's position text
     */
    PgChunkReaders(PostgresSourceSettings pg, String snapshotName, String positionText, List<PgLoadChunk> chunks,
                   int parallelism, int batchRows, String threadName) {
        this.pg = pg;
        this.snapshotName = snapshotName;
        this.positionText = positionText;
        this.chunks = chunks;
        this.batchRows = batchRows;
        this.connections = Math.max(1, Math.min(parallelism, chunks.size()));
        this.handed = new ArrayBlockingQueue<>(2 * connections + 1);
        for (int i = 0; connections > 1 && i < connections; i++) { // one connection reads on the caller's thread
            Thread reader = new Thread(this::read, threadName + "-" + (i + 1));
            reader.setDaemon(true);
            readers.add(reader);
        }
    }

    /** The connections that read: no more than there are chunks. */
    int connections() {
        return connections;
    }

    /**
     * Reads every chunk, handing what is read to {@code receiver} on this thread. One connection reads on this thread
     * itself: a row is then decoded and buffered while it is still in the core's cache (a reader thread of its own
     * cost the JVM about a quarter more CPU per row on two cores).
     *
     * @return false when {@code stopping} said to stop first
     * @throws SQLException as a reader met it
     */
    boolean run(Receiver receiver, BooleanSupplier stopping) throws SQLException {
        if (chunks.isEmpty()) {
            return true;
        }
        if (readers.isEmpty()) {
            try (Connection c = pg.connect()) {
                return readOn(c, receiver, stopping);
            }
        }
        readers.forEach(Thread::start);
        try {
            int running = readers.size();
            while (running > 0) {
                if (stopping.getAsBoolean()) {
                    return false;
                }
                Read read = handed.poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (read != null && read.handTo(receiver)) {
                    running--;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            stopReaders();
        }
    }

    /** Reads chunks on {@code c} until none is left, handing what it reads to {@code to}; false when stopped first. */
    private boolean readOn(Connection c, Receiver to, BooleanSupplier stopping) throws SQLException {
        PgExportedSnapshot.beginRead(c, snapshotName);
        for (int i = nextChunk.getAndIncrement(); i < chunks.size(); i = nextChunk.getAndIncrement()) {
            PgLoadChunk chunk = chunks.get(i);
            long rows = new PgChunkCopy(chunk, positionText, batchRows, events -> to.rows(chunk, events)).run(c, stopping);
            if (stopping.getAsBoolean()) {
                return false;
            }
            to.chunkRead(chunk, rows);
        }
        c.rollback();
        return true;
    }

    /** One reader thread: chunk after chunk, on its own connection, through the queue. */
    private void read() {
        Receiver queued = new Receiver() {
            @Override
            public void rows(PgLoadChunk chunk, List<SourceEvent> events) {
                hand(new Read.Rows(chunk, events));
            }

            @Override
            public void chunkRead(PgLoadChunk chunk, long rows) {
                hand(new Read.ChunkRead(chunk, rows));
            }
        };
        try (Connection c = pg.connect()) {
            readOn(c, queued, () -> cancelled);
        } catch (SQLException | RuntimeException e) {
            hand(new Read.Failed(e));
        } finally {
            hand(new Read.ReaderDone());
        }
    }

    /** Waits for room in the queue, unless the load is cancelled (then what is read is dropped). */
    private void hand(Read read) {
        try {
            while (!cancelled && !handed.offer(read, POLL_MS, TimeUnit.MILLISECONDS)) {
                // the pipeline is behind: the reader waits, so memory stays bounded
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopReaders() {
        cancelled = true;
        for (Thread reader : readers) {
            try {
                reader.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        handed.clear();
    }
}
