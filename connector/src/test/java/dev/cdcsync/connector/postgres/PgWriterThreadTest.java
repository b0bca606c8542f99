package dev.cdcsync.connector.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdcsync.core.spi.WriteException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class PgWriterThreadTest {

    @Test
    void writesRunInTheOrderHandedOverAndNoneQueuedBehindAFailedOneIsAttempted() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch hold = new CountDownLatch(1);
        try (PgWriterThread thread = new PgWriterThread("test-writer")) {
            CompletableFuture<Void> first = thread.write(true, () -> {
                await(hold);
                ran.add("first");
                throw new WriteException("connection lost", true, null);
            });
            CompletableFuture<Void> second = thread.write(false, () -> ran.add("second"));
            hold.countDown();

            assertThatThrownBy(first::join).hasCauseInstanceOf(WriteException.class).hasMessageContaining("connection lost");
            assertThatThrownBy(second::join).isInstanceOf(CompletionException.class)
                    .satisfies(e -> assertThat(((WriteException) e.getCause()).attempted()).isFalse());
            // Handed over again once the failure is known, both run, in order.
            thread.write(true, () -> ran.add("first again")).join();
            thread.write(false, () -> ran.add("second again")).join();
            assertThat(thread.call(() -> "after the writes")).isEqualTo("after the writes");
        }
        assertThat(ran).containsExactly("first", "first again", "second again");
    }

    /**
     * The pipeline hands the next batch over before it learns that the one in flight failed: that batch must not
     * commit before the failed one is written again, which would then undo its changes (an older insert written over
     * a newer update of the same row).
     */
    @Test
    void aBatchHandedOverAfterAFailureWaitsUntilTheFailedOneIsWrittenAgain() {
        List<String> ran = new CopyOnWriteArrayList<>();
        try (PgWriterThread thread = new PgWriterThread("test-writer")) {
            CompletableFuture<Void> first = thread.write(true, () -> {
                ran.add("first");
                throw new WriteException("connection lost", true, null);
            });
            assertThatThrownBy(first::join).hasCauseInstanceOf(WriteException.class);

            CompletableFuture<Void> second = thread.write(false, () -> ran.add("second"));
            assertThatThrownBy(second::join).isInstanceOf(CompletionException.class)
                    .satisfies(e -> assertThat(((WriteException) e.getCause()).attempted()).isFalse());

            thread.write(true, () -> ran.add("first again")).join();
            thread.write(false, () -> ran.add("second again")).join();
        }
        assertThat(ran).containsExactly("first", "first again", "second again");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
