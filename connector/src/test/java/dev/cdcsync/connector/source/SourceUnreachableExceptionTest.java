package dev.cdcsync.connector.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.core.spi.WriteException;
import java.sql.SQLException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;

class SourceUnreachableExceptionTest {

    @Test
    void aLostSourceConnectionIsTheSourceBeingUnreachable() {
        assertThat(SourceUnreachableException.isCause(new RetriableException("x",
                new SQLException("Connection refused", "08001")))).isTrue();
    }

    @Test
    void aTargetOutageThatOutlastedItsRetriesIsNeverTakenForALostSource() {
        WriteException target = new WriteException("PostgreSQL target: write failed (08006)", true,
                new SQLException("Connection refused", "08006"));
        assertThat(SourceUnreachableException.isCause(target)).isFalse();
        assertThat(SourceUnreachableException.isCause(new RetriableException("engine stopped", target)))
                .as("however Debezium wraps it").isFalse();
    }
}
