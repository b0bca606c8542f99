package dev.cdcsync.core.schema;

/** A source schema change that the pipeline's evolution mode does not allow; the pipeline stops. */
public class SchemaEvolutionException extends RuntimeException {
    public SchemaEvolutionException(String message) {
        super(message);
    }
}
