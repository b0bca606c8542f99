package dev.cdcsync.connector.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PgCopyTextTest {

    private static String[] fields(String row, int n) {
        byte[] bytes = row.getBytes(StandardCharsets.UTF_8);
        return PgCopyText.fields(bytes, bytes.length, n);
    }

    @Test
    void splitsOnTabsAndReadsBackslashNAsNull() {
        assertThat(fields("1\t\\N\tx y\t", 4)).containsExactly("1", null, "x y", "");
    }

    @Test
    void undoesEveryEscapeCopyWrites() {
        assertThat(fields("a\\tb\\nc\\rd\\\\e\\bf\\fg\\vh", 1)).containsExactly("a\tb\nc\rd\\e\bf\fg\u000bh");
        assertThat(fields("\\101\\x42", 1)).containsExactly("AB");
        assertThat(fields("\\\\N", 1)).containsExactly("\\N"); // the text \N, not NULL
    }

    @Test
    void keepsMultiByteCharacters() {
        assertThat(fields("zürich\t東京\\t😀", 2)).containsExactly("zürich", "東京\t😀");
    }

    @Test
    void aRowWithAnotherNumberOfFieldsIsRefused() {
        assertThatThrownBy(() -> fields("1\t2", 3)).hasMessageContaining("2 fields, expected 3");
        assertThatThrownBy(() -> fields("1\t2\t3", 2)).hasMessageContaining("more than 2");
    }
}
