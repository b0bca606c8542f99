package dev.cdcsync.core.pipeline;

import dev.cdcsync.core.model.ChangeVersion;
import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.TableId;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One capture feeding several targets, each through its own {@link SyncPipeline} on its own thread ({@link
 * TargetLane}), with its own checkpoint in its own target. A target that falls more than a bound behind, or fails, is
 * detached: the others go on, while the source is confirmed only up to the oldest checkpoint of all (so the source
 * keeps its log for the detached one). Once the detached target answers again, the capture restarts from that oldest
 * checkpoint ({@link #onRewindWanted}); every target skips the streamed changes its own checkpoint's
 * {@link VersionStamp} covers, so each change is applied once per target, after a crash too.
 */
public final class FanOut implements CaptureSink {

    private static final Logger LOG = LoggerFactory.getLogger(FanOut.class);

    private final String name;
    private final List<TargetLane> lanes;
    private final PipelineMetrics metrics;
    private final ScheduledExecutorService rejoin;
    private volatile Runnable rewind = () -> { };
    /** Events handed over since the first, over all restarts: the count every lane's progress is measured in. */
    private long handed;
    private volatile long discarded;

    /**
     * @param lanes   one per target, each with its {@link SyncPipeline} ({@link SyncPipeline#stampVersions} on)
     * @param rejoinMs how often a detached target is asked whether it answers again
     */
    public FanOut(String name, List<TargetLane> lanes, long rejoinMs) {
        this.name = name;
        this.lanes = List.copyOf(lanes);
        this.metrics = new PipelineMetrics() {
            @Override
            public void retried(String what) {
                lanes.forEach(l -> l.pipeline().metrics().retried(what));
            }

            @Override
            public void failed(Throwable error) {
                lanes.forEach(l -> l.pipeline().metrics().failed(error));
            }
        };
        this.rejoin = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cdc-sync-" + name + "-rejoin");
            t.setDaemon(true);
            return t;
        });
        rejoin.scheduleWithFixedDelay(this::rejoinAnswering, rejoinMs, rejoinMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void onRewindWanted(Runnable rewind) {
        this.rewind = rewind;
    }

    /**
     * Queues the batch for every target. A batch of a source's own load (events without a record) waits for the slowest
     * attached target to have room: the load is paced by it rather than detaching it.
     */
    @Override
    public void process(List<SourceEvent> events, boolean more) {
        handed += events.size();
        boolean load = !events.isEmpty() && events.get(0).record() == null;
        for (TargetLane lane : lanes) {
            lane.offer(events, load, more);
        }
    }

    /** Does not wait: a slow target must not hold the others; what is durable is confirmed with the next batch. */
    @Override
    public void awaitWrites() {
    }

    /** Waits until every attached target holds the whole load (streaming starts from its end). */
    @Override
    public void awaitLoaded() {
        lanes.forEach(TargetLane::awaitSettled);
    }

    /** Each target's own checkpoint, as {@link #committedCheckpoint} compares them. */
    @Override
    public List<Checkpoint> targetCheckpoints() {
        return lanes.stream().map(TargetLane::resumePoint).toList();
    }

    /** The oldest of the targets' checkpoints (by stamp; a target without one is oldest): where the source resumes. */
    @Override
    public Checkpoint committedCheckpoint() {
        return oldest(TargetLane::resumePoint);
    }

    @Override
    public void startFrom(Checkpoint checkpoint, Collection<TableId> snapshotted) {
        discarded = handed;
        for (TargetLane lane : lanes) {
            // The source starting over (no checkpoint, or one it can no longer honour) voids every target's checkpoint.
            lane.restart(handed, snapshotted, checkpoint.isEmpty());
        }
    }

    @Override
    public Durability durability() {
        return durability;
    }

    @Override
    public PipelineMetrics metrics() {
        return metrics;
    }

    private final Durability durability = new Durability() {
        /** The engine may move on past what every attached target holds; a detached one holds the checkpoint back. */
        @Override
        public long durableEvents() {
            return lanes.stream().filter(TargetLane::attached).mapToLong(TargetLane::durableEvents).min()
                    .orElse(discarded);
        }

        @Override
        public long discardedEvents() {
            return discarded;
        }

        @Override
        public Checkpoint checkpoint() {
            return VersionStamp.strip(oldest(l -> l.pipeline().durability().checkpoint()));
        }
    };

    private Checkpoint oldest(java.util.function.Function<TargetLane, Checkpoint> of) {
        Comparator<Checkpoint> byStamp = Comparator.comparing(c -> VersionStamp.of(c).orElse(null),
                Comparator.nullsFirst(Comparator.<ChangeVersion>naturalOrder()));
        return lanes.stream().map(of).min(Comparator.comparing(Checkpoint::isEmpty).reversed().thenComparing(byStamp))
                .orElse(Checkpoint.EMPTY);
    }

    /** A detached target that answers again: restart the capture from the oldest checkpoint so it catches up. */
    private void rejoinAnswering() {
        for (TargetLane lane : lanes) {
            if (!lane.attached() && lane.answers()) {
                LOG.info("pipeline {}: target {} answers again: restarting the capture from the oldest checkpoint so it"
                        + " catches up", name, lane.name());
                rewind.run();
                return;
            }
        }
    }

    /** Stops the targets' threads after what they hold is written (the capture has stopped). */
    public void close() {
        rejoin.shutdownNow();
        lanes.forEach(TargetLane::close);
    }

}
