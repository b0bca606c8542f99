package dev.cdcsync.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LastPerPartitionTest {

    /** A new map per call, as Debezium makes one per record: equal partitions are one partition. */
    private static Map<String, ?> partition(String server) {
        return new HashMap<>(Map.of("server", server));
    }

    @Test
    void keepsTheLastValueOfEachPartitionInTheOrderPartitionsFirstCame() {
        LastPerPartition<Integer> last = new LastPerPartition<>();
        assertThat(last.isEmpty()).isTrue();
        last.add(partition("a"), 1);
        assertThat(last.isEmpty()).isFalse();
        last.add(partition("a"), 2);
        last.add(partition("b"), 3);
        last.add(partition("a"), 4);
        last.add(null, 5);
        assertThat(List.copyOf(last.asMap().entrySet())).containsExactly(Map.entry(Map.of("server", "a"), 4),
                Map.entry(Map.of("server", "b"), 3), new java.util.AbstractMap.SimpleEntry<>(null, 5));
    }

    @Test
    void whatWasRemovedOrClearedIsGoneAndLaterValuesStillCount() {
        LastPerPartition<Integer> last = new LastPerPartition<>();
        last.add(partition("a"), 1);
        last.add(partition("b"), 2);
        last.asMap().keySet().remove(Map.of("server", "b"));
        last.add(partition("b"), 3);
        assertThat(last.asMap()).containsExactly(Map.entry(Map.of("server", "a"), 1), Map.entry(Map.of("server", "b"), 3));
        last.clear();
        assertThat(last.isEmpty()).isTrue();
        assertThat(last.asMap()).isEmpty();
    }
}
