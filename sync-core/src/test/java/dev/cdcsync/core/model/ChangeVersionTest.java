package dev.cdcsync.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeVersionTest {

    @Test
    void aPostgresStampIsTheChangesLsnWhateverTransactionStreamedBefore() {
        ChangeVersion later = ChangeVersion.postgres(5_000, 7_000);
        assertThat(later.stamp()).isEqualTo(7_000);
        assertThat(ChangeVersion.NONE.stamp()).as("snapshot rows, below every streamed change").isLessThan(later.stamp());
    }

    @Test
    void binlogStampsGrowWithFileThenTransactionThenEventAndASnapshotRowIsBelowWhatFollowsIt() {
        List<ChangeVersion> inOrder = List.of(
                ChangeVersion.binlog(3, 4_000, 0, 0, true),
                ChangeVersion.binlog(3, 4_000, 0, 0, false),
                ChangeVersion.binlog(3, 4_000, 0, 7, false),
                ChangeVersion.binlog(3, 4_000, 1, 0, false),
                ChangeVersion.binlog(3, 9_000, 0, 0, false),
                ChangeVersion.binlog(4, 120, 0, 0, false));
        for (int i = 1; i < inOrder.size(); i++) {
            assertThat(inOrder.get(i)).isGreaterThan(inOrder.get(i - 1));
            if (i != 2) { // rows of one event are different rows: their stamps may tie
                assertThat(inOrder.get(i).stamp()).as("stamp %d", i).isGreaterThan(inOrder.get(i - 1).stamp());
            }
        }
        assertThat(inOrder.get(2).stamp()).isEqualTo(inOrder.get(1).stamp());
    }

    @Test
    void binlogStampsAreClampedNotWrappedPastTheirLimits() {
        ChangeVersion far = ChangeVersion.binlog(1L << 20, 1L << 33, 1L << 20, 0, false);
        assertThat(far.stamp()).isPositive().isEqualTo(Long.MAX_VALUE);
        ChangeVersion bigTransaction = ChangeVersion.binlog(7, 100, 20_000, 0, false);
        assertThat(bigTransaction.stamp()).as("still below the next transaction")
                .isLessThan(ChangeVersion.binlog(7, 101, 0, 0, false).stamp());
    }
}
