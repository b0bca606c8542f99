package dev.cdcsync.it.harness;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls until a condition holds; on timeout, fails with the last observed state. */
public final class Await {

    private Await() {
    }

    public interface Check {
        void run() throws Exception;
    }

    /** Retries {@code check} (an assertion) until it passes or the timeout ends, then rethrows its last failure. */
    public static void until(Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError | Exception e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    public static boolean condition(Duration timeout, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.get()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}
