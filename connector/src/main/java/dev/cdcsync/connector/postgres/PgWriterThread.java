package dev.cdcsync.connector.postgres;

import dev.cdcsync.core.spi.WriteException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The one thread that uses a PostgreSQL writer's connection. Batches are written on it one after another, in the
 * order they were handed over, while the pipeline prepares the next; everything else the writer does (describe, DDL,
 * checkpoints) waits its turn behind them. Once a write fails, the writes queued behind it are not attempted (each
 * fails with {@link WriteException#notAttempted}): a later batch must never commit, with its checkpoint, before an
 * earlier one has.
 */
final class PgWriterThread implements AutoCloseable {

    private final ExecutorService thread;
    /** Writes handed over so far, counted from the first: each write's ticket is its number. */
    private final AtomicLong handedOver = new AtomicLong();
    /** Writes with a ticket below this were handed over before a write failed: they are not attempted. */
    private volatile long firstAfterFailure;

    PgWriterThread(String name) {
        this.thread = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues a write; the stage completes when it has run, or fails without running if a write before it failed. */
    CompletableFuture<Void> write(Runnable write) {
        long ticket = handedOver.getAndIncrement();
        return CompletableFuture.runAsync(() -> {
            if (ticket < firstAfterFailure) {
                throw WriteException.notAttempted("PostgreSQL target: not written, since a batch handed over before it failed");
            }
            try {
                write.run();
            } catch (RuntimeException e) {
                firstAfterFailure = handedOver.get();
                throw e;
            }
        }, thread);
    }

    /** Runs {@code work} on the thread once the writes queued before it have run, and returns its result. */
    <T> T call(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, thread).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Lets the queued work finish, then ends the thread. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
