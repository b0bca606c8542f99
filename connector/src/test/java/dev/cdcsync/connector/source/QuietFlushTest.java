package dev.cdcsync.connector.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QuietFlushTest {

    private final List<Long> calledBack = new CopyOnWriteArrayList<>();

    @Test
    void callsBackAfterTheDelayNamingTheBatchItWasArmedAfterWhichIsLatestUntilAnotherArrives() throws Exception {
        CountDownLatch called = new CountDownLatch(1);
        try (QuietFlush quiet = new QuietFlush("p", 20, batch -> {
            calledBack.add(batch);
            called.countDown();
        })) {
            long first = quiet.arrived();
            quiet.armAfter(first);
            assertThat(called.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(calledBack).containsExactly(first);
            assertThat(quiet.isLatest(first)).isTrue();

            long second = quiet.arrived();
            assertThat(quiet.isLatest(first)).as("a later batch came: the callback for the first is void").isFalse();
            assertThat(quiet.isLatest(second)).isTrue();
        }
    }

    @Test
    void closingDropsWhatIsArmedAndRefusesNothingLoudly() throws Exception {
        QuietFlush quiet = new QuietFlush("p", 200, calledBack::add);
        quiet.armAfter(quiet.arrived());
        quiet.close();
        quiet.armAfter(quiet.arrived()); // a batch handled while the run stops: no exception into the engine
        Thread.sleep(400);
        assertThat(calledBack).isEmpty();
    }

    @Test
    void closingLetsAFlushUnderWayFinishUninterrupted() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        boolean[] interrupted = {false};
        QuietFlush quiet = new QuietFlush("p", 1, batch -> {
            running.countDown();
            try {
                Thread.sleep(200); // as a wait for the writes
            } catch (InterruptedException e) {
                interrupted[0] = true;
            }
            finished.countDown();
        });
        quiet.armAfter(quiet.arrived());
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        quiet.close();
        assertThat(finished.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(interrupted[0]).isFalse();
    }
}
