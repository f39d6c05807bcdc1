package io.mongoessync.source.copy;

import io.mongoessync.config.Namespace;
import org.apache.flink.api.connector.source.SourceSplit;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

/**
 * One collection to copy, and how far the copy got: the {@code _id} of the last document handed
 * on, so that a restore reads on after it instead of from the start. Immutable; the reader keeps
 * the moving position in {@link Progress}.
 */
public final class CopySplit implements SourceSplit {

    private final Namespace namespace;
    /** {@code {_id: last}} as BSON bytes, or null before the first document. */
    private final byte[] after;

    public CopySplit(Namespace namespace, byte[] after) {
        this.namespace = namespace;
        this.after = after;
    }

    public Namespace namespace() {
        return namespace;
    }

    /** The {@code _id} of the last document handed on, or null. */
    public BsonValue after() {
        return after == null ? null : new RawBsonDocument(after).get("_id");
    }

    byte[] afterBytes() {
        return after;
    }

    @Override
    public String splitId() {
        return namespace.toString();
    }

    @Override
    public String toString() {
        return "copy of " + namespace + (after == null ? "" : " after _id " + after().toString());
    }

    /** The reader's position in a split: updated for every document it emits. */
    static final class Progress {
        final Namespace namespace;
        BsonValue lastId;

        Progress(CopySplit split) {
            this.namespace = split.namespace;
            this.lastId = split.after();
        }

        CopySplit toSplit() {
            return new CopySplit(namespace, lastId == null ? null : encode(lastId));
        }

        static byte[] encode(BsonValue id) {
            RawBsonDocument document = new RawBsonDocument(new BsonDocument("_id", id), new BsonDocumentCodec());
            byte[] bytes = new byte[document.getByteBuffer().remaining()];
            document.getByteBuffer().get(bytes);
            return bytes;
        }
    }
}
