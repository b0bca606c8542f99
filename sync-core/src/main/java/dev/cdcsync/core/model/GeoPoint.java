package dev.cdcsync.core.model;

/** A spatial point (MySQL/MariaDB {@code POINT}, PostgreSQL {@code point}); {@code srid} may be null. */
public record GeoPoint(double x, double y, Integer srid) {
}
