package dev.cdcsync.core.config;

/** A config file that cannot be used; the message names file:line:column where it can. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
