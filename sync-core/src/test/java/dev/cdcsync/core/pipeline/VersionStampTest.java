package dev.cdcsync.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.core.model.ChangeVersion;
import dev.cdcsync.core.model.Checkpoint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VersionStampTest {

    private static final Map<String, Object> PARTITION = Map.of("server", "shop");

    @Test
    void aStampedCheckpointGivesItsVersionBackAndTheSourceNeverSeesTheStamp() {
        Map<String, Object> offset = Map.of("lsn", 1234L, "txId", 7L);
        Checkpoint stamped = new Checkpoint(List.of(new Checkpoint.Entry(PARTITION,
                VersionStamp.stamped(offset, ChangeVersion.postgres(1000L, 1234L)))));
        assertThat(VersionStamp.of(stamped)).hasValueSatisfying(v -> {
            assertThat(v.major()).isEqualTo(1000L);
            assertThat(v.minor()).isEqualTo(1234L);
        });
        assertThat(VersionStamp.strip(stamped).entries().get(0).offset()).isEqualTo(offset);
    }

    @Test
    void aCheckpointWithoutAStampHasNoVersionAndStripsToItself() {
        Checkpoint plain = new Checkpoint(List.of(new Checkpoint.Entry(PARTITION, Map.of("lsn", 1L))));
        assertThat(VersionStamp.of(plain)).isEmpty();
        assertThat(VersionStamp.strip(plain)).isEqualTo(plain);
        assertThat(VersionStamp.of(Checkpoint.EMPTY)).isEmpty();
    }
}
