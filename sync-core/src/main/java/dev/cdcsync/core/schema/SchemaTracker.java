package dev.cdcsync.core.schema;

import dev.cdcsync.core.model.Column;
import dev.cdcsync.core.model.SchemaChange;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.model.TableSchema;
import dev.cdcsync.core.spi.TargetWriter;
import dev.cdcsync.core.spi.WriterCapabilities.KeylessTables;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each target table's schema current. When a row arrives with a schema not seen before, it
 * diffs it against the target's table (asked of the writer once, so a restart resumes from what
 * the target really has), lets the {@link EvolutionPolicy} decide, and applies what it allows.
 * Not thread-safe.
 */
public final class SchemaTracker {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaTracker.class);

    private final String pipeline;
    private final EvolutionMode mode;
    private final TargetWriter writer;
    private final Consumer<TableId> beforeChange;
    private final Map<TableId, TableState> tables = new HashMap<>();

    /** @param beforeChange runs before a table's schema changes (the pipeline writes rows buffered under the old schema) */
    public SchemaTracker(String pipeline, EvolutionMode mode, TargetWriter writer, Consumer<TableId> beforeChange) {
        this.pipeline = pipeline;
        this.mode = mode;
        this.writer = writer;
        this.beforeChange = beforeChange;
    }

    /** The target table's state after any schema change {@code incoming} implies has been applied. */
    public TableState track(TableId target, TableSchema incoming) {
        TableState state = tables.get(target);
        if (state != null && state.lastIncoming() == incoming) {
            return state;
        }
        TableSchema current = state != null ? state.target() : writer.describe(target).orElse(null);
        TableSchema named = incoming.withId(target);
        if (!named.hasPrimaryKey() && writer.capabilities().keylessTables() == KeylessTables.REFUSED) {
            throw new SchemaEvolutionException("table " + incoming.id() + " has no primary key, and this target cannot keep"
                    + " a table without one exact when changes are replayed: give it a key in the pipeline's routes"
                    + " (routes: [{from: " + incoming.id() + ", key: [<columns that identify a row>]}]; a PostgreSQL source"
                    + " table then needs REPLICA IDENTITY FULL), give the source table a primary key, or leave it out of"
                    + " the source's tables");
        }
        List<SchemaChange> proposed = SchemaDiff.between(current, named, writer::sameStorage);
        if (!proposed.isEmpty()) {
            current = evolve(current, proposed);
        }
        state = new TableState(incoming, current, leftOut(named, current));
        tables.put(target, state);
        return state;
    }

    /** The target's schema for a table, when the pipeline has one (e.g. to truncate a table no row has reached yet). */
    public TableSchema current(TableId target) {
        TableState state = tables.get(target);
        return state != null ? state.target() : writer.describe(target).orElse(null);
    }

    private TableSchema evolve(TableSchema current, List<SchemaChange> proposed) {
        EvolutionPolicy.Decision decision = EvolutionPolicy.decide(proposed, mode, writer::supports);
        decision.skipped().forEach(s -> LOG.info("pipeline {}: schema change not applied: {}", pipeline, s));
        if (!decision.apply().isEmpty()) {
            beforeChange.accept(decision.apply().get(0).table());
        }
        for (SchemaChange change : decision.apply()) {
            try {
                writer.apply(change);
            } catch (RuntimeException e) {
                if (mode != EvolutionMode.TRY_EVOLVE || change instanceof SchemaChange.AlterPrimaryKey) {
                    throw e;
                }
                LOG.warn("pipeline {}: schema change not applied (try_evolve): {}: {}", pipeline,
                        EvolutionPolicy.describe(change), e.getMessage());
                continue;
            }
            LOG.info("pipeline {}: schema change applied: {}", pipeline, EvolutionPolicy.describe(change));
            if (change instanceof SchemaChange.CreateTable create && !create.schema().hasPrimaryKey()
                    && writer.capabilities().keylessTables() == KeylessTables.MATCHED_IN_TRANSACTION) {
                LOG.warn("pipeline {}: table {} has no primary key: inserts are appended; updates and deletes match one row"
                        + " on all of its old values (a PostgreSQL source table needs REPLICA IDENTITY FULL for them)",
                        pipeline, change.table());
            }
            current = change.applyTo(current);
        }
        return current;
    }

    private static Set<String> leftOut(TableSchema incoming, TableSchema target) {
        Set<String> out = new LinkedHashSet<>();
        for (Column c : incoming.columns()) {
            if (target == null || target.column(c.name()).isEmpty()) {
                out.add(c.name());
            }
        }
        return Set.copyOf(out);
    }

    /** How many tables have been seen. */
    public int size() {
        return tables.size();
    }
}
