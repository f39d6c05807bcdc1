package io.mongoessync.convert;

/** Dotted field paths, as the settings name them ({@code cast.name}), in Jackson's terms. */
public final class FieldPaths {

    private FieldPaths() {}

    /** The JSON pointer of a dotted path: {@code cast.name} is {@code /cast/name}. */
    public static String pointer(String dottedPath) {
        return "/" + dottedPath.replace("~", "~0").replace("/", "~1").replace('.', '/');
    }
}
