package dev.cdcsync.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdcsync.core.pipeline.SourceEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class TransactionAssemblerTest {

    private static final String TX_TOPIC = "db.transaction";
    private static final Schema BOUNDARY = SchemaBuilder.struct().name("io.debezium.connector.common.TransactionMetadataValue")
            .field("status", Schema.STRING_SCHEMA).field("id", Schema.STRING_SCHEMA)
            .field("event_count", Schema.OPTIONAL_INT64_SCHEMA).build();
    private static final Schema BLOCK = SchemaBuilder.struct().name("event.block").optional()
            .field("id", Schema.STRING_SCHEMA).field("total_order", Schema.INT64_SCHEMA)
            .field("data_collection_order", Schema.INT64_SCHEMA).build();
    private static final Schema EVENT = SchemaBuilder.struct().name("db.Envelope")
            .field("op", Schema.STRING_SCHEMA).field("transaction", BLOCK).build();
    private static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private final TransactionAssembler assembler = new TransactionAssembler("p", TX_TOPIC, 100, MAX_WAIT);
    private long txOffset;

    @Test
    void aTransactionSpreadOverTopicsIsHandedOverWholeOnceItsEndAndEveryEventHaveCome() {
        assertThat(accept(event("a", 0, "T1", 1), begin("T1"))).isEmpty();
        assertThat(accept(end("T1", 3), event("b", 0, "T1", 2))).isEmpty();
        assertThat(describe(accept(event("a", 1, "T1", 3))))
                .containsExactly("BEGIN db.transaction@0", "a@0", "a@1", "b@0", "END db.transaction@1");
    }

    @Test
    void aPostgresTransactionIsNamedByItsXidSinceEveryRecordOfItCarriesItsOwnLsn() {
        assertThat(accept(event("a", 0, "750:30585800", 1), begin("750:30585744"))).isEmpty();
        assertThat(describe(accept(event("b", 0, "750:30585928", 2), end("750:30586056", 2))))
                .containsExactly("BEGIN db.transaction@0", "a@0", "b@0", "END db.transaction@1");
        assertThat(TransactionAssembler.transaction("3E11FA47-71CA-11E1-9E33-C80AA9429562:23"))
                .isEqualTo("3E11FA47-71CA-11E1-9E33-C80AA9429562:23");
        assertThat(TransactionAssembler.transaction("0-1-23")).isEqualTo("0-1-23");
    }

    @Test
    void eventsWithoutATransactionGoAsTheyComeButNeverAheadOfTheirPartition() {
        assertThat(describe(accept(event("a", 0, null, 0)))).containsExactly("a@0");
        assertThat(accept(event("a", 1, "T1", 1), event("a", 2, null, 0))).isEmpty();
        assertThat(describe(accept(begin("T1"), end("T1", 1))))
                .containsExactly("BEGIN db.transaction@0", "a@1", "a@2", "END db.transaction@1");
    }

    @Test
    void transactionsGoInTheOrderTheirEndsCame() {
        assertThat(accept(begin("T1"), end("T1", 2), begin("T2"), end("T2", 1), event("a", 0, "T1", 1),
                event("b", 0, "T2", 1))).isEmpty();
        assertThat(describe(accept(event("c", 0, "T1", 2)))).containsExactly("BEGIN db.transaction@0", "a@0", "c@0",
                "END db.transaction@1", "BEGIN db.transaction@2", "b@0", "END db.transaction@3");
    }

    @Test
    void aCopyOfAnEventTheSourceSentAgainDoesNotCompleteATransaction() {
        assertThat(accept(begin("T1"), end("T1", 2), event("a", 0, "T1", 1), event("a", 1, "T1", 1))).isEmpty();
        assertThat(describe(accept(event("b", 0, "T1", 2))))
                .containsExactly("BEGIN db.transaction@0", "a@0", "a@1", "b@0", "END db.transaction@1");
    }

    @Test
    void aTransactionSomeOfWhoseEventsNeverComeIsAppliedAsItStandsAfterTheLongestWait() {
        long start = 0;
        assertThat(assembler.accept(List.of(begin("T1"), end("T1", 2), event("a", 0, "T1", 1)), start)).isEmpty();
        assertThat(assembler.dueInMs(start)).isEqualTo(MAX_WAIT.toMillis());
        assertThat(assembler.accept(List.of(begin("T2"), end("T2", 1), event("a", 1, "T2", 1)), start + 1)).isEmpty();

        List<SourceEvent> released = assembler.accept(List.of(), start + MAX_WAIT.toNanos());
        assertThat(describe(released)).containsExactly("db.transaction@0", "db.transaction@1", "a@0",
                "BEGIN db.transaction@2", "a@1", "END db.transaction@3");
        assertThat(released.subList(0, 3)).extracting(SourceEvent::role).containsOnly(SourceEvent.Role.CHANGE);
        // The event that came too late goes on its own.
        assertThat(describe(assembler.accept(List.of(event("b", 0, "T1", 2)), start + MAX_WAIT.toNanos())))
                .containsExactly("b@0");
        assertThat(assembler.dueInMs(start + MAX_WAIT.toNanos())).isZero();
    }

    @Test
    void moreEventsHeldThanTheBoundHandsTheOldestTransactionOverInParts() {
        TransactionAssembler small = new TransactionAssembler("p", TX_TOPIC, 2, MAX_WAIT);
        assertThat(small.accept(List.of(event("a", 0, "T1", 1), event("a", 1, "T1", 2)), 0)).isEmpty();
        assertThat(describe(small.accept(List.of(event("b", 0, "T1", 3), event("b", 1, "T2", 1)), 0)))
                .containsExactly("a@0", "a@1", "b@0");
    }

    @Test
    void droppingSaysWhereEachPartitionMustBeReadAgain() {
        accept(event("a", 0, null, 0), event("a", 1, "T1", 1), event("b", 5, "T1", 2), begin("T1"));
        assertThat(assembler.drop()).isEqualTo(Map.of(new TopicPartition("a", 0), 1L, new TopicPartition("b", 0), 5L,
                new TopicPartition(TX_TOPIC, 0), 0L));
        assertThat(accept(end("T1", 2))).extracting(SourceEvent::role).isEmpty();
        assertThat(assembler.dueInMs(0)).isPositive();
    }

    @Test
    void aTransactionTopicOfSeveralPartitionsIsRefused() {
        SinkRecord second = new SinkRecord(TX_TOPIC, 1, null, null, BOUNDARY, boundaryValue("BEGIN", "T1", null), 0);
        assertThatThrownBy(() -> accept(second)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("more than one partition");
    }

    private List<SourceEvent> accept(SinkRecord... records) {
        return assembler.accept(List.of(records), 0);
    }

    private static List<String> describe(List<SourceEvent> events) {
        return events.stream().map(e -> (e.role() == SourceEvent.Role.TRANSACTION_BEGIN ? "BEGIN "
                : e.role() == SourceEvent.Role.TRANSACTION_END ? "END " : "") + e.record().topic() + "@" + e.offset().get("offset"))
                .toList();
    }

    private SinkRecord begin(String tx) {
        return new SinkRecord(TX_TOPIC, 0, null, null, BOUNDARY, boundaryValue("BEGIN", tx, null), txOffset++);
    }

    private SinkRecord end(String tx, long events) {
        return new SinkRecord(TX_TOPIC, 0, null, null, BOUNDARY, boundaryValue("END", tx, events), txOffset++);
    }

    private static Struct boundaryValue(String status, String tx, Long events) {
        return new Struct(BOUNDARY).put("status", status).put("id", tx).put("event_count", events);
    }

    private static SinkRecord event(String topic, long offset, String tx, long order) {
        Struct value = new Struct(EVENT).put("op", "c");
        if (tx != null) {
            value.put("transaction", new Struct(BLOCK).put("id", tx).put("total_order", order).put("data_collection_order", order));
        }
        return new SinkRecord(topic, 0, null, null, EVENT, value, offset);
    }
}
