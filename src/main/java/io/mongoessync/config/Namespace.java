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

    /** The collection part of a whole-database namespace, {@code db.*}. */
    public static final String ALL = "*";

    /** Parses {@code db.collection}, or {@code db.*} for every collection of the database, now and later; {@code key} names the setting in the error. */
    public static Namespace parse(String key, String text) {
        String value = text.trim();
        int dot = value.indexOf('.');
        if (dot <= 0 || dot == value.length() - 1 || value.contains(" ") || value.contains("$")) {
            throw ConfigException.invalid(key, text, "a namespace as db.collection or db.* (a whole database), e.g. mydb.hotmovies");
        }
        return new Namespace(value.substring(0, dot), value.substring(dot + 1));
    }

    /** True for {@code db.*}: every collection of the database, including those created later. */
    public boolean isWholeDatabase() {
        return collection.equals(ALL);
    }

    /** Whether {@code db.collection} is this namespace, or in this whole database. */
    public boolean matches(String namespace) {
        return isWholeDatabase() ? namespace.startsWith(database + ".") : namespace.equals(toString());
    }

    /** The source's collection filter for this namespace, as a regular expression. */
    public String regex() {
        return escape(database) + "[.]" + (isWholeDatabase() ? ".+" : escape(collection));
    }

    /** Backslash before each regex metacharacter; both Java and MongoDB's PCRE read it alike. */
    private static String escape(String name) {
        StringBuilder escaped = new StringBuilder();
        for (char c : name.toCharArray()) {
            if ("\\.[]{}()*+?^$|".indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
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
