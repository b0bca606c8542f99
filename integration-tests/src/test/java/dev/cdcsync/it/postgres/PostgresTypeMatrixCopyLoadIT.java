package dev.cdcsync.it.postgres;

/**
 * The type matrix with the initial load read by {@code COPY} ({@code snapshot-method: copy}): every value arrives
 * exactly as the source holds it, as through Debezium's snapshot in the superclass, so both paths give identical
 * targets.
 */
class PostgresTypeMatrixCopyLoadIT extends PostgresTypeMatrixIT {

    @Override
    protected String snapshotMethod() {
        return "copy";
    }
}
