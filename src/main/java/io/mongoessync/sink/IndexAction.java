package io.mongoessync.sink;

import java.util.Objects;

/**
 * One write to Elasticsearch: index a whole document or delete it, at an external version.
 * A Flink POJO, so it travels between operators without Kryo.
 */
public class IndexAction {

    public String index;
    public String id;
    public long version;
    public boolean delete;
    /** The document source as JSON; null for a delete. */
    public String source;
    /** Written by the copy (snapshot phase), which {@link CopyGate} holds until a checkpoint covers it. */
    public boolean copy;

    public IndexAction() {}

    public static IndexAction index(String index, String id, long version, String source) {
        IndexAction action = new IndexAction();
        action.index = index;
        action.id = id;
        action.version = version;
        action.source = source;
        return action;
    }

    /** The same action, marked as coming from the copy. */
    public IndexAction fromCopy(boolean fromCopy) {
        this.copy = fromCopy;
        return this;
    }

    public static IndexAction delete(String index, String id, long version) {
        IndexAction action = new IndexAction();
        action.index = index;
        action.id = id;
        action.version = version;
        action.delete = true;
        return action;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof IndexAction)) {
            return false;
        }
        IndexAction other = (IndexAction) o;
        return version == other.version && delete == other.delete && copy == other.copy && Objects.equals(index, other.index)
                && Objects.equals(id, other.id) && Objects.equals(source, other.source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, id, version, delete, source, copy);
    }

    @Override
    public String toString() {
        return (delete ? "delete " : "index ") + index + "/" + id + " v" + version;
    }
}
