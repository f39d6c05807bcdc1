package io.mongoessync.config;

import java.io.Serializable;
import java.util.Objects;

/** A MongoDB collection, written {@code db.collection}; the database part never has a dot. */
public final class Namespace implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String database;
    private final String collection;

    public Namespace(String database, String collection) {
        this.database = database;
        this.collection = collection;
    }

    /** Parses {@code db.collection}; {@code key} names the setting in the error. */
    public static Namespace parse(String key, String text) {
        String value = text.trim();
        int dot = value.indexOf('.');
        if (dot <= 0 || dot == value.length() - 1 || value.contains(" ") || value.contains("$")) {
            throw ConfigException.invalid(key, text, "a namespace as db.collection, e.g. mydb.hotmovies");
        }
        return new Namespace(value.substring(0, dot), value.substring(dot + 1));
    }

    public String database() {
        return database;
    }

    public String collection() {
        return collection;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Namespace
                && ((Namespace) o).database.equals(database)
                && ((Namespace) o).collection.equals(collection);
    }

    @Override
    public int hashCode() {
        return Objects.hash(database, collection);
    }

    @Override
    public String toString() {
        return database + "." + collection;
    }
}
