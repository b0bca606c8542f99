package dev.cdcsync.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.core.model.SpecialValue;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLetterRecorderTest {

    @Test
    void aRowBecomesJsonThatKeepsEveryDigitAndSpellsSpecialValuesAsPostgresReadsThem() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", 7L);
        row.put("price", new BigDecimal("12345678901234567890.000000000001"));
        row.put("nan", SpecialValue.NAN);
        row.put("ratio", Double.NaN);
        row.put("day", LocalDate.of(2026, 11, 30));
        row.put("blob", new byte[] {1, 2, 3});
        row.put("gone", null);
        row.put("ok", true);
        assertThat(DeadLetterRecorder.json(row)).isEqualTo("{\"id\":7,\"price\":12345678901234567890.000000000001,"
                + "\"nan\":\"NaN\",\"ratio\":\"NaN\",\"day\":\"2026-11-30\",\"blob\":\"AQID\",\"gone\":null,\"ok\":true}");
    }
}
