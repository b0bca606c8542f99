package dev.cdcsync.connector.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every broken pipeline file in {@code bad-config/} (its expectations in {@code expected.tsv}) makes {@code validate}
 * exit 2 with one line: {@code file:line:column: what is wrong}, in the user's words, never a Java class name or a stack
 * trace.
 */
class BadConfigCorpusTest {

    private static final Path DIR = Path.of("src/test/resources/bad-config");

    static Stream<Arguments> corpus() throws IOException {
        return Files.readAllLines(DIR.resolve("expected.tsv")).stream().filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split("\t", 3)).map(f -> Arguments.of(f[0], f[1], f[2]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void aBrokenFileGivesOneClearLineWithItsLocationAndExitCodeTwo(String file, String location, String message) {
        Path config = DIR.resolve(file);
        Result result = validate(config);
        assertThat(result.code()).as(result.err()).isEqualTo(2);
        assertThat(result.err().lines()).as("one line").hasSize(1);
        assertThat(result.err().strip()).startsWith(config + ":" + location + ": ").contains(message)
                .doesNotContain("java.", "dev.cdcsync", "com.fasterxml", "org.yaml", "Exception", "`", "\tat ",
                        "No content to map", "Settings");
    }

    @Test
    void theCorpusCoversEveryFileAndAtLeastThirtyMistakes() throws IOException {
        long expected = corpus().count();
        try (Stream<Path> files = Files.list(DIR)) {
            assertThat(files.filter(f -> f.toString().endsWith(".yaml")).count()).isEqualTo(expected);
        }
        assertThat(expected).isGreaterThanOrEqualTo(30);
    }

    private record Result(int code, String err) {
    }

    private static Result validate(Path config) {
        PrintStream err = System.err;
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            int code = CdcSyncCli.commandLine().execute("validate", "--no-connect", "--config", config.toString());
            return new Result(code, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(err);
            System.setOut(out);
        }
    }
}
