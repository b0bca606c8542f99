package dev.cdcsync.connector.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.pipeline.Durability;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class EngineConfirmationsTest {

    private long durable;
    private long discarded;
    private final List<Long> marked = new ArrayList<>();

    private final Durability offsets = new Durability() {
        @Override
        public long durableEvents() {
            return durable;
        }

        @Override
        public long discardedEvents() {
            return discarded;
        }

        @Override
        public Checkpoint checkpoint() {
            return new Checkpoint(List.of());
        }
    };

    @Test
    void onlyTheLastRecordOfEachPartitionOfAWhollyDurableBatchIsMarked() throws Exception {
        EngineConfirmations confirmations = new EngineConfirmations(offsets);
        confirmations.handed(List.of(record("a", 1), record("b", 2), record("a", 3)));
        confirmations.handed(List.of(record("a", 4), record("a", 5)));
        durable = 4; // the first batch and half of the second
        confirmations.confirm(committer());
        assertThat(marked).containsExactly(3L, 2L);
        durable = 5;
        confirmations.confirm(committer());
        assertThat(marked).containsExactly(3L, 2L, 5L);
    }

    @Test
    void aBatchPartlyDiscardedIsNeverMarked() throws Exception {
        EngineConfirmations confirmations = new EngineConfirmations(offsets);
        confirmations.handed(List.of(record("a", 1), record("a", 2)));
        confirmations.handed(List.of(record("a", 3)));
        durable = 3;
        discarded = 1; // the pipeline restarted after the first event: what came after it is sent again
        confirmations.confirm(committer());
        assertThat(marked).containsExactly(3L);
    }

    private static ChangeEvent<SourceRecord, SourceRecord> record(String partition, long offset) {
        // A new partition map per record, as Debezium makes them: equal partitions are one.
        SourceRecord r = new SourceRecord(Map.of("server", partition), Map.of("lsn", offset), "t", null, null);
        return new ChangeEvent<>() {
            @Override
            public SourceRecord key() {
                return r;
            }

            @Override
            public SourceRecord value() {
                return r;
            }

            @Override
            public String destination() {
                return "t";
            }

            @Override
            public Integer partition() {
                return null;
            }
        };
    }

    private DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer() {
        return new DebeziumEngine.RecordCommitter<>() {
            @Override
            public void markProcessed(ChangeEvent<SourceRecord, SourceRecord> record) {
                marked.add((Long) record.value().sourceOffset().get("lsn"));
            }

            @Override
            public void markBatchFinished() {
            }

            @Override
            public void markProcessed(ChangeEvent<SourceRecord, SourceRecord> record, DebeziumEngine.Offsets offsets) {
                throw new UnsupportedOperationException();
            }

            @Override
            public DebeziumEngine.Offsets buildOffsets() {
                throw new UnsupportedOperationException();
            }
        };
    }
}
