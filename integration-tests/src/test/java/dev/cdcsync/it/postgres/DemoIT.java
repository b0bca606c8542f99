package dev.cdcsync.it.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.it.harness.CdcSyncProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command: the shipped jar's demo syncs its embedded shop and ends with identical tables. */
class DemoIT {

    @Test
    void theDemoEndsWithEveryTableIdentical(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("demo.log");
        int exit = CdcSyncProcess.run(log, Map.of(), "demo", "--seconds", "4");
        String output = Files.readString(log);
        assertThat(exit).as(output).isZero();
        assertThat(output).contains("customers").contains("orders").contains("products").doesNotContain("DIFFERENT");
    }
}
