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
    /** The MongoDB namespace the write comes from, for dead-letter records; not part of the write. */
    public String namespace;
    /** Routing for the write; null for Elasticsearch's default (the id). */
    public String routing;
    /** Ingest pipeline for an index write; null for none. */
    public String pipeline;
    /**
     * index-as-update: an index action goes as an update with doc_as_upsert, a delete without an
     * external version (updates cannot carry one).
     */
    public boolean asUpdate;
    /** index-as-update: the fields to merge into the document; null to merge the whole source. */
    public String partial;
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

    /** The same action, as an update (doc_as_upsert) merging {@code partial}, or the whole source when null. */
    public IndexAction asUpdate(String partial) {
        this.asUpdate = true;
        this.partial = partial;
        return this;
    }

    /** The same action, noting the namespace it comes from. */
    public IndexAction from(String namespace) {
        this.namespace = namespace;
        return this;
    }

    /** The same action, with routing and pipeline (either may be null). */
    public IndexAction at(String routing, String pipeline) {
        this.routing = routing;
        this.pipeline = delete ? null : pipeline;
        return this;
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
                && Objects.equals(id, other.id) && Objects.equals(source, other.source)
                && Objects.equals(routing, other.routing) && Objects.equals(pipeline, other.pipeline)
                && asUpdate == other.asUpdate && Objects.equals(partial, other.partial);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, id, version, delete, source, copy, routing, pipeline);
    }

    @Override
    public String toString() {
        return (delete ? "delete " : "index ") + index + "/" + id + " v" + version;
    }
}
