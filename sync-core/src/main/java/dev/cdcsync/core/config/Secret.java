package dev.cdcsync.core.config;

import com.fasterxml.jackson.annotation.JsonCreator;

/** A password or token: its value is only for the driver; {@link #toString()} never shows it. */
public record Secret(String value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Secret of(String value) {
        return new Secret(value);
    }

    @Override
    public String toString() {
        return value == null || value.isEmpty() ? "(empty)" : "******";
    }
}
