package dev.cdcsync.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdcsync.core.spi.TargetSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    public record TestSource(String host, Secret password, List<String> tables) implements SourceSettings {
        public TestSource {
            Require.present(host, "host");
        }
    }

    public record TestTarget(String url) implements TargetSettings {
        @Override
        public String where() {
            return url;
        }
    }

    @TempDir
    Path dir;

    private final Map<String, String> env = Map.of("DB_PASSWORD", "s3cret", "BATCH", "100");
    private final ConfigLoader loader = new ConfigLoader(Map.of("test", TestSource.class), Map.of("test", TestTarget.class),
            env::get);

    @Test
    void loadsAPipelineWithDefaultsAndSubstitutions() throws IOException {
        SyncConfig config = loader.load(write("""
                pipelines:
                  - name: p1
                    source: {type: test, host: h, password: "${DB_PASSWORD}", tables: [public.a]}
                    target: {type: test, url: "jdbc:x:${MISSING:-fallback}"}
                    batch: {max-rows: "${BATCH}", max-delay: 2s}
                """));
        PipelineConfig p = config.pipelines().get(0);
        assertThat(((TestSource) p.source()).password().value()).isEqualTo("s3cret");
        assertThat(((TestTarget) p.target()).url()).isEqualTo("jdbc:x:fallback");
        assertThat(p.batch().maxRows()).isEqualTo(100);
        assertThat(p.batch().maxDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.schemaEvolution().yamlName()).isEqualTo("lenient");
    }

    @Test
    void secretsNeverPrint() throws IOException {
        SyncConfig config = loader.load(write(minimal("password: \"${DB_PASSWORD}\"")));
        assertThat(config.toString()).doesNotContain("s3cret").contains("******");
    }

    @Test
    void unknownKeyNamesFileLineColumnAndAllowedKeys() throws IOException {
        Path file = write(minimal("hots: typo"));
        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + ":7:")
                .hasMessageContaining("unknown key 'hots'")
                .hasMessageContaining("allowed keys: host, password, tables, type");
    }

    @Test
    void aValueOfTheWrongShapeSaysWhatWasExpectedInYamlWordsNotJavaClasses() throws IOException {
        Path file = write("""
                pipelines:
                  - name: p1
                    source: {type: test, host: h, tables: [{a: b}]}
                    target: {type: test, url: u}
                """);
        assertThatThrownBy(() -> loader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + ":3:")
                .hasMessageContaining("expected text, found a mapping")
                .hasMessageNotContaining("java.").hasMessageNotContaining("JsonToken");
    }

    @Test
    void misspeltRequiredKeyIsReportedAsTheMisspelling() throws IOException {
        Path file = write("""
                pipelines:
                  - name: p1
                    source:
                      type: test
                      hots: h
                      tables: [a.b]
                    target: {type: test, url: u}
                """);
        assertThatThrownBy(() -> loader.load(file)).hasMessageContaining(file + ":5:7: unknown key 'hots'");
    }

    @Test
    void unknownTypeListsTheKnownOnes() throws IOException {
        Path file = write(minimal("").replace("type: test, host", "type: oracle, host"));
        assertThatThrownBy(() -> loader.load(file)).hasMessageContaining("unknown type 'oracle'")
                .hasMessageContaining("allowed types: test");
    }

    @Test
    void missingEnvironmentVariableIsAnErrorWithItsLocation() throws IOException {
        Path file = write(minimal("password: ${NOT_SET}"));
        assertThatThrownBy(() -> loader.load(file)).hasMessageContaining(file + ":7:")
                .hasMessageContaining("environment variable NOT_SET is not set");
    }

    @Test
    void badValuesAreErrorsNotDefaults() throws IOException {
        assertThatThrownBy(() -> loader.load(write(minimal("") + "    schema-evolution: sometimes\n")))
                .hasMessageContaining("sometimes").hasMessageContaining("lenient");
        assertThatThrownBy(() -> loader.load(write(minimal("") + "    batch: {max-delay: soon}\n")))
                .hasMessageContaining("expected a duration (like 500ms, 10s, 2m), found 'soon'");
        assertThatThrownBy(() -> loader.load(write(minimal("") + "    batch: {max-rows: 0}\n")))
                .hasMessageContaining("'batch.max-rows' must be positive");
    }

    @Test
    void twoSourceTablesOnOneTargetNameNeedARoute() throws IOException {
        String clash = minimal("").replace("tables: [public.a]", "tables: [one.a, two.a]");
        assertThatThrownBy(() -> loader.load(write(clash))).hasMessageContaining("would both land on target table 'a'");
        SyncConfig routed = loader.load(write(clash + "    routes: [{from: two.a, to: a2}]\n"));
        assertThat(routed.pipelines().get(0).routes()).hasSize(1);
    }

    @Test
    void aRouteMayKeyAndPartitionATableWithoutRenamingIt() throws IOException {
        SyncConfig routed = loader.load(write(minimal("")
                + "    routes: [{from: public.a, key: [tenant, id], partition-key: [tenant]}]\n"));
        Route route = routed.pipelines().get(0).routes().get(0);
        assertThat(route.targetName("a")).isEqualTo("a");
        assertThat(route.key()).containsExactly("tenant", "id");
        assertThat(route.partitionKey()).containsExactly("tenant");
        Path bad = write(minimal("") + "    routes: [{from: public.a, key: [id], partition-key: [tenant]}]\n");
        assertThatThrownBy(() -> loader.load(bad)).hasMessageContaining(bad + ":")
                .hasMessageContaining("'partition-key' [tenant] must name columns of 'key' [id]");
    }

    @Test
    void duplicatePipelineNamesAreRefused() throws IOException {
        String one = minimal("");
        String two = one + one.substring(one.indexOf("  - name"));
        assertThatThrownBy(() -> loader.load(write(two))).hasMessageContaining("used twice");
    }

    private static String minimal(String extraSourceLine) {
        return """
                pipelines:
                  - name: p1
                    source: {type: test, host: h, tables: [public.a]}
                    target: {type: test, url: u}
                """.replace("host: h,", "host: h,").replace("{type: test, host: h, tables: [public.a]}",
                extraSourceLine.isEmpty() ? "{type: test, host: h, tables: [public.a]}"
                        : "\n      type: test\n      host: h\n      tables: [public.a]\n      " + extraSourceLine);
    }

    private Path write(String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "pipelines", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
