package io.mongoessync.config;

/** A setting the job cannot run with; the message names the key, the value and what is expected. */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    public static ConfigException invalid(String key, Object value, String expected) {
        return new ConfigException("Invalid value '" + value + "' for '" + key + "': expected " + expected + ".");
    }
}
