package dev.cdcsync.core.pipeline;

import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.spi.OffsetStore;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One target of a {@link FanOut}: its pipeline, run on a thread of its own, fed from a queue bounded by
 * {@code maxBehind} events. Falling further behind, or failing, detaches it: its queue is dropped and its pipeline
 * abandons what it held, and it takes no more events until the capture restarts ({@link #restart}).
 */
public final class TargetLane {

    private static final Logger LOG = LoggerFactory.getLogger(TargetLane.class);

    private final String pipelineName;
    private final String name;
    private final SyncPipeline pipeline;
    private final OffsetStore probe;
    private final long maxBehind;
    private final ExecutorService thread;
    private final AtomicLong queued = new AtomicLong();
    private volatile boolean attached;
    private volatile String detachedBecause;
    /** Bumped at each restart: queued work of an earlier run is dropped. */
    private volatile int run;
    /** The fan-out's count of events handed over, and this pipeline's own, when the capture last restarted. */
    private volatile long handedAtRestart;
    private volatile long ownAtRestart;
    private Checkpoint known;

    /**
     * @param probe     the target's checkpoint store, asked directly (without retries) whether a detached target answers
     * @param maxBehind events this target may have queued before it is detached
     */
    public TargetLane(String pipelineName, String name, SyncPipeline pipeline, OffsetStore probe, long maxBehind) {
        this.pipelineName = pipelineName;
        this.name = name;
        this.pipeline = pipeline;
        this.probe = probe;
        this.maxBehind = maxBehind;
        pipeline.stampVersions();
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cdc-sync-" + pipelineName + "-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    public String name() {
        return name;
    }

    public SyncPipeline pipeline() {
        return pipeline;
    }

    public boolean attached() {
        return attached;
    }

    /** Why this target is detached, or null. */
    public String detachedBecause() {
        return attached ? null : detachedBecause;
    }

    /** Events handed over so far that this target holds, in the fan-out's count. */
    long durableEvents() {
        return handedAtRestart + (pipeline.durability().durableEvents() - ownAtRestart);
    }

    /** Where this target would have the capture resume: what it holds (read from the target the first time). */
    synchronized Checkpoint resumePoint() {
        if (known == null) {
            known = pipeline.committedCheckpoint();
        }
        return run == 0 ? known : pipeline.durability().checkpoint();
    }

    /** Whether a detached target answers again (its checkpoint can be read). */
    boolean answers() {
        try {
            probe.load(pipelineName);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Queues the engine's batch, or detaches this target if it would be too far behind. A batch of a source's own load
     * ({@code paced}) waits for room instead: a load reads far faster than a slow target writes, and detaching
     * would have the rest of the load read again later. {@code more}: the engine has more queued (see {@link CaptureSink#process}).
     */
    void offer(List<SourceEvent> events, boolean paced, boolean more) {
        if (paced) {
            awaitRoom(events.size());
        }
        if (!attached) {
            return;
        }
        if (queued.get() + events.size() > maxBehind) {
            detach("over " + maxBehind + " events behind the others");
            return;
        }
        queued.addAndGet(events.size());
        int current = run;
        thread.execute(() -> {
            try {
                if (attached && run == current) {
                    pipeline.process(events, more);
                }
            } catch (RuntimeException e) {
                failed(e);
            } finally {
                queued.addAndGet(-events.size());
                synchronized (queued) {
                    queued.notifyAll();
                }
            }
        });
    }

    /** Waits until {@code events} more fit within the bound, or this target is detached. */
    private void awaitRoom(int events) {
        synchronized (queued) {
            while (attached && queued.get() > 0 && queued.get() + events > maxBehind) {
                try {
                    queued.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Waits until this target has written and settled everything queued, unless it is (or gets) detached. */
    void awaitSettled() {
        int current = run;
        try {
            thread.submit(() -> {
                try {
                    if (attached && run == current) {
                        pipeline.awaitWrites();
                    }
                } catch (RuntimeException e) {
                    failed(e);
                }
            }).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("target " + name + " of pipeline " + pipelineName + ": " + Causes.joined(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** This target's pipeline failed (on its thread): it is detached, and the failure counted. */
    private void failed(RuntimeException e) {
        detach(Causes.joined(e));
        pipeline.metrics().failed(e);
    }

    private synchronized void detach(String why) {
        if (!attached) {
            return;
        }
        attached = false;
        detachedBecause = why;
        LOG.warn("pipeline {}: target {} detached ({}); the others go on, and the source keeps its log from this target's"
                + " checkpoint until it catches up", pipelineName, name, why);
        thread.execute(pipeline::abandon); // after the write in progress, whatever its outcome
    }

    /**
     * The capture restarts (every target's queued work is dropped): this target resumes from what it holds, skipping
     * the streamed changes its checkpoint covers, or from nothing when the source starts over. Waits until its thread
     * has done so.
     */
    synchronized void restart(long handed, Collection<TableId> snapshotted, boolean fromNothing) {
        run++;
        boolean first = known != null && run == 1;
        try {
            thread.submit(() -> {
                if (fromNothing || first) {
                    pipeline.startFrom(fromNothing ? Checkpoint.EMPTY : known, snapshotted);
                } else { // on this thread, after what it wrote is settled
                    pipeline.startFromOwnCheckpoint(snapshotted);
                }
                ownAtRestart = pipeline.durability().durableEvents();
                handedAtRestart = handed;
            }).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("target " + name + " of pipeline " + pipelineName + " did not restart: "
                    + Causes.joined(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restarting target " + name, e);
        }
        attached = true;
        detachedBecause = null;
    }

    void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
